import type { Core, Directory, Resolved, Speaker, View } from "../../src/core.js";
import { assignFormCard, assignFormInput, formValues } from "./assign-form.js";
import { type ActionData, actionData } from "./card-action-ids.js";
import type { AdaptiveCard } from "./card-elements.js";
import { renderCard } from "./card-render.js";
import { moreData } from "./more-action.js";

export interface CardActionInput {
  core: Core;
  speaker: Speaker;
  /** The clicker's Teams id (`29:…`): the card that comes back refreshes for them. */
  clickerId: string;
  directory: Directory;
  /** The action's `data`, with the card's inputs merged in by Teams. Untrusted. */
  data: unknown;
}

const BAD_DATA: View = {
  tone: "error",
  lines: ["I could not read that card action. Type help to see the commands."],
  audience: "private",
};

/** A refused click still shows the task under the refusal: the card is replaced by our answer. */
const REDRAW_REFUSED = { redrawRefused: true } as const;

/**
 * The card as this user should see it after a click: the task as the core's click answer gives it
 * to them now (so a professional never gets decision buttons), with what happened on top.
 */
const resolvedCard = (input: CardActionInput, task: number, resolved: Resolved): AdaptiveCard => {
  const { outcome, current } = resolved;
  const options = {
    task,
    refreshFor: [input.clickerId],
    ...(outcome.fieldErrors ? { fieldErrors: outcome.fieldErrors } : {}),
  };
  if (!current) return renderCard(outcome, options);
  return renderCard(
    {
      ...current,
      tone: outcome.tone === "error" ? "error" : outcome.tone === "warning" ? "warning" : current.tone,
      lines: [...outcome.lines, ...Object.values(outcome.fieldErrors ?? {}), ...current.lines],
      ...(outcome.usage ? { usage: outcome.usage } : {}),
    },
    options,
  );
};

/** Runs one card action through the core (one call) and answers with the card to show in its place. */
export const handleCardAction = async (input: CardActionInput): Promise<AdaptiveCard> => {
  const { core, speaker } = input;
  const more = moreData.safeParse(input.data);
  if (more.success) {
    const page = await core.handle({ speaker, text: more.data.command });
    return renderCard(page, { refreshFor: [input.clickerId] });
  }
  const parsed = actionData.safeParse(input.data);
  if (!parsed.success) return renderCard(BAD_DATA);
  const data: ActionData = parsed.data;
  switch (data.delegate) {
    case "refresh": {
      // Teams redrawing the card by itself: audited as via:"refresh" by the core (docs/supervision-review.md).
      const current = await core.refresh(speaker, data.task);
      return renderCard(current, { task: data.task, refreshFor: [input.clickerId] });
    }
    case "button": {
      const button = { action: data.action, task: data.task, version: data.version };
      return resolvedCard(
        input,
        data.task,
        await core.click({ kind: "click", speaker, button }, REDRAW_REFUSED),
      );
    }
    case "submit": {
      const values = { notes: data.notes, spent: data.spent };
      const form = { kind: "submit", task: data.task, version: data.version, values } as const;
      return resolvedCard(
        input,
        data.task,
        await core.click({ kind: "form", speaker, form }, REDRAW_REFUSED),
      );
    }
    case "changes": {
      const values = { what: data.what, reason: data.reason };
      const form = { kind: "changes", task: data.task, version: data.version, values } as const;
      return resolvedCard(
        input,
        data.task,
        await core.click({ kind: "form", speaker, form }, REDRAW_REFUSED),
      );
    }
    case "ask": {
      const values = { question: data.question };
      const form = { kind: "ask", task: data.task, version: data.version, values } as const;
      return resolvedCard(
        input,
        data.task,
        await core.click({ kind: "form", speaker, form }, REDRAW_REFUSED),
      );
    }
    case "assign-form": {
      const values = formValues.safeParse(data);
      if (!values.success) return renderCard(BAD_DATA);
      const outcome = await core.handle({
        kind: "form",
        speaker,
        form: assignFormInput(values.data),
        directory: input.directory,
      });
      if (outcome.tone === "error" && outcome.fieldErrors) {
        return assignFormCard({ values: values.data, refusal: outcome });
      }
      return renderCard(outcome);
    }
  }
};
