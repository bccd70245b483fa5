import {
  ASK_FORM,
  CHANGES_FORM,
  type FormDescription,
  SUBMIT_FORM,
  type View,
  type ViewAction,
} from "../../src/core.js";
import { VERBS } from "./card-action-ids.js";
import {
  type AdaptiveCard,
  CARD_CONTENT_TYPE,
  type CardElement,
  clip,
  executeAction,
  inert,
  MAX_CARD_BYTES,
  textBlock,
} from "./card-elements.js";
import { formInputs } from "./card-form.js";
import { MORE_VERB } from "./more-action.js";

/**
 * Views as Adaptive Cards (schema 1.5). Buttons are `Action.Execute` (answered in place
 * with the updated card) falling back to `Action.Submit` on clients without Universal Actions.
 */
/** Teams lists at most 60 users in a refresh. */
const MAX_REFRESH_USERS = 60;

const COLOR = { info: "default", success: "good", warning: "warning", error: "attention" } as const;

const STYLE = { primary: "positive", danger: "destructive" } as const;

const showCard = (title: string, body: CardElement[], send: CardElement): CardElement => ({
  type: "Action.ShowCard",
  title,
  card: { type: "AdaptiveCard", body, actions: [send] },
});

/**
 * Submit, Request changes and Ask take their inputs on a card inside the card (Action.ShowCard),
 * drawn from the core's form, with a send button; a refused send shows the core's problem under
 * its field.
 */
const formAction = (
  a: ViewAction,
  form: FormDescription,
  verb: string,
  delegate: "submit" | "changes" | "ask",
  problems: Record<string, string>,
  style?: string,
): CardElement =>
  showCard(
    a.label,
    formInputs(form, {}, problems),
    executeAction(
      form.submit,
      verb,
      { delegate, task: a.task, version: a.version },
      { ...(style ? { style } : {}), associatedInputs: "auto" },
    ),
  );

export const renderAction = (a: ViewAction, problems: Record<string, string> = {}): CardElement => {
  if (a.action === "changes")
    return formAction(a, CHANGES_FORM, VERBS.changes, "changes", problems, "destructive");
  if (a.action === "submit") return formAction(a, SUBMIT_FORM, VERBS.submit, "submit", problems, "positive");
  if (a.action === "ask") return formAction(a, ASK_FORM, VERBS.ask, "ask", problems);
  return executeAction(
    a.label,
    a.action,
    { delegate: "button", action: a.action, task: a.task, version: a.version },
    a.style ? { style: STYLE[a.style] } : {},
  );
};

export interface RenderOptions {
  /** Teams user ids (`29:…`) who get the card as they themselves see it (user-specific views). */
  refreshFor?: string[];
  /** The task the card is about, for the refresh; defaults to the task of its buttons. */
  task?: number;
  /** Inputs shown above the buttons (forms). */
  extraBody?: CardElement[];
  /** The core's problems with a form's fields, shown under those fields (field id → problem). */
  fieldErrors?: Record<string, string>;
}

const bodyOf = (view: View): CardElement[] => {
  const body: CardElement[] = [];
  if (view.title) {
    body.push(textBlock(view.title, { size: "Medium", weight: "Bolder", color: COLOR[view.tone] }));
  }
  view.lines.forEach((line, i) => {
    const first = i === 0 && !view.title;
    body.push(textBlock(line, first ? { weight: "Bolder", color: COLOR[view.tone] } : {}));
  });
  if (view.image) {
    // A data URI: the chart needs no public host, and Teams does not count base64 images in its size limit.
    body.push({
      type: "Image",
      url: `data:image/png;base64,${view.image.pngBase64}`,
      altText: clip(view.image.alt),
      size: "Stretch",
    });
  }
  if (view.fields && view.fields.length > 0) {
    body.push({
      type: "FactSet",
      facts: view.fields.map((f) => ({ title: clip(inert(f.label), 100), value: clip(inert(f.value)) })),
    });
  }
  for (const [field, problem] of Object.entries(view.fieldErrors ?? {})) {
    body.push(textBlock(`${field}: ${problem}`, { color: "attention" }));
  }
  if (view.items && view.items.length > 0) {
    body.push({
      type: "Container",
      separator: true,
      items: view.items.map((item) => textBlock(item.text, { spacing: "Small" })),
    });
  }
  if (view.usage)
    body.push(textBlock(`Usage: ${view.usage}`, { isSubtle: true, fontType: "Monospace", size: "Small" }));
  return body;
};

/** The card's size as Teams counts it: base64 images (our chart's data URI) are not counted. */
const sizeOf = (card: AdaptiveCard): number =>
  Buffer.byteLength(
    JSON.stringify(card, (key, value) =>
      key === "url" && typeof value === "string" && value.startsWith("data:") ? "" : value,
    ),
  );

/** Drops list rows from the end, saying how many, until the card fits Teams' limit. */
const fitToLimit = (card: AdaptiveCard, view: View, build: (v: View) => AdaptiveCard): AdaptiveCard => {
  const items = view.items ?? [];
  if (sizeOf(card) <= MAX_CARD_BYTES || items.length === 0) return card;
  let keep = items.length;
  let smaller = card;
  while (keep > 0 && sizeOf(smaller) > MAX_CARD_BYTES) {
    keep = Math.floor(keep * 0.75);
    smaller = build({
      ...view,
      items: [...items.slice(0, keep), { text: `…and ${items.length - keep} more not shown here.` }],
    });
  }
  return smaller;
};

export const renderCard = (view: View, options: RenderOptions = {}): AdaptiveCard => {
  const build = (v: View): AdaptiveCard => {
    const actions = (v.actions ?? []).map((a) => renderAction(a, options.fieldErrors));
    if (v.more) {
      // The next page: answered in place with the next page's card.
      actions.push(executeAction(v.more.label, MORE_VERB, { delegate: "more", command: v.more.command }));
    }
    const task = options.task ?? v.actions?.[0]?.task;
    const users = (options.refreshFor ?? []).slice(0, MAX_REFRESH_USERS);
    return {
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
      body: [...bodyOf(v), ...(options.extraBody ?? [])],
      ...(actions.length > 0 ? { actions } : {}),
      ...(task !== undefined && users.length > 0
        ? {
            refresh: {
              action: { type: "Action.Execute", verb: VERBS.refresh, data: { delegate: "refresh", task } },
              userIds: users,
            },
          }
        : {}),
      msteams: { width: "Full" },
    };
  };
  return fitToLimit(build(view), view, build);
};

/** A message activity carrying one card (what we post and what proactive delivery sends). */
export const cardMessage = (card: AdaptiveCard, summary: string) => ({
  type: "message" as const,
  // Shown in notifications and by clients that cannot draw cards.
  summary: clip(summary, 200),
  attachments: [{ contentType: CARD_CONTENT_TYPE, content: card }],
});

/** Notification preview text: the first thing the view says. */
export const summaryOf = (view: View): string => view.title ?? view.lines[0] ?? "Delegate";
