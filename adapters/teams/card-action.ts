import type { Core, Directory, Speaker, View } from "../../src/core.js";
import { assignFormCard, assignFormInput, formValues } from "./assign-form.js";
import { type ActionData, actionData } from "./card-action-ids.js";
import { type AdaptiveCard, renderCard } from "./card-render.js";

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

/**
 * The card as this user should see it after `outcome`: the task as `show T-n` gives it to
 * them now (so a professional never gets decision buttons), with what happened on top.
 */
const taskCard = async (
  input: CardActionInput,
  task: number,
  outcome: View | undefined,
): Promise<AdaptiveCard> => {
  const current = await input.core.handle({ speaker: input.speaker, text: `show T-${task}` });
  const options = { task, refreshFor: [input.clickerId] };
  if (current.tone === "error") return renderCard(outcome ?? current, options);
  if (!outcome) return renderCard(current, options);
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

/** Runs one card action through the core and answers with the card to show in its place. */
export const handleCardAction = async (input: CardActionInput): Promise<AdaptiveCard> => {
  const parsed = actionData.safeParse(input.data);
  if (!parsed.success) return renderCard(BAD_DATA);
  const data: ActionData = parsed.data;
  const { core, speaker } = input;
  switch (data.delegate) {
    case "refresh":
      return taskCard(input, data.task, undefined);
    case "button": {
      const outcome = await core.handle({
        kind: "click",
        speaker,
        button: { action: data.action, task: data.task, version: data.version },
      });
      return taskCard(input, data.task, outcome);
    }
    case "submit": {
      const values = { notes: data.notes, spent: data.spent };
      const outcome = await core.handle({
        kind: "form",
        speaker,
        form: { kind: "submit", task: data.task, version: data.version, values },
      });
      return taskCard(input, data.task, outcome);
    }
    case "changes": {
      const values = { what: data.what, reason: data.reason };
      const outcome = await core.handle({
        kind: "form",
        speaker,
        form: { kind: "changes", task: data.task, version: data.version, values },
      });
      return taskCard(input, data.task, outcome);
    }
    case "ask": {
      const outcome = await core.handle({
        kind: "form",
        speaker,
        form: { kind: "ask", task: data.task, version: data.version, values: { question: data.question } },
      });
      return taskCard(input, data.task, outcome);
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
