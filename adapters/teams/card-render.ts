import type { View, ViewAction } from "../../src/core.js";
import { DEFECT_REASONS } from "../../src/core.js";
import { type ActionData, VERBS } from "./card-action-ids.js";

/**
 * Views as Adaptive Cards (schema 1.5). Buttons are `Action.Execute` (answered in place
 * with the updated card) falling back to `Action.Submit` on clients without Universal Actions.
 */
export type CardElement = Record<string, unknown>;
export interface AdaptiveCard {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  actions?: CardElement[];
  refresh?: CardElement;
  msteams?: CardElement;
}

export const CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

/** Teams refuses cards much over ~28 KB; stay well under it. */
export const MAX_CARD_BYTES = 24_000;
const MAX_LINE = 2_000;
/** Teams lists at most 60 users in a refresh. */
const MAX_REFRESH_USERS = 60;

const COLOR = { info: "default", success: "good", warning: "warning", error: "attention" } as const;

const clip = (text: string, max = MAX_LINE): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/**
 * User text as Teams draws it: TextBlocks read Markdown, so a title or a question written as
 * `[label](url)` would become a link it does not show. Its brackets are escaped (CommonMark
 * backslash escapes): it shows as typed.
 */
const inert = (text: string): string => text.replace(/\[([^\]\n]*)\]\(/g, "\\[$1\\](");

export const textBlock = (text: string, extra: CardElement = {}): CardElement => ({
  type: "TextBlock",
  text: clip(inert(text)),
  wrap: true,
  ...extra,
});

/** Execute with a Submit fallback carrying the same data (older Teams clients). */
export const executeAction = (
  title: string,
  verb: string,
  data: ActionData,
  extra: CardElement = {},
): CardElement => ({
  type: "Action.Execute",
  title,
  verb,
  data,
  ...extra,
  fallback: { type: "Action.Submit", title, data, ...extra },
});

const STYLE = { primary: "positive", danger: "destructive" } as const;

const showCard = (title: string, body: CardElement[], send: CardElement): CardElement => ({
  type: "Action.ShowCard",
  title,
  card: { type: "AdaptiveCard", body, actions: [send] },
});

/** Request changes needs "what to fix": a card inside the card with the input and a send button. */
const changesAction = (a: ViewAction): CardElement =>
  showCard(
    a.label,
    [
      {
        type: "Input.Text",
        id: "what",
        label: "What to fix",
        isMultiline: true,
        isRequired: true,
        maxLength: 4000,
        errorMessage: "Say what to fix.",
      },
      {
        type: "Input.ChoiceSet",
        id: "reason",
        label: "Reason",
        value: "other",
        choices: DEFECT_REASONS.map((r) => ({ title: r.replace(/_/g, " "), value: r })),
      },
    ],
    executeAction(
      "Send back",
      VERBS.changes,
      { delegate: "changes", task: a.task, version: a.version },
      { style: "destructive", associatedInputs: "auto" },
    ),
  );

/** Submit takes optional notes (a link) and time spent, as `submit T-n "notes" spent:2h` does. */
const submitAction = (a: ViewAction): CardElement =>
  showCard(
    a.label,
    [
      {
        type: "Input.Text",
        id: "notes",
        label: "Link or notes (optional)",
        isMultiline: true,
        maxLength: 4000,
      },
      { type: "Input.Text", id: "spent", label: "Time spent (optional)", placeholder: "2.5h", maxLength: 20 },
    ],
    executeAction(
      "Submit for review",
      VERBS.submit,
      { delegate: "submit", task: a.task, version: a.version },
      { style: "positive", associatedInputs: "auto" },
    ),
  );

/** Ask takes the question on the card, as `ask T-n "…"` does. */
const askAction = (a: ViewAction): CardElement =>
  showCard(
    a.label,
    [
      {
        type: "Input.Text",
        id: "question",
        label: "Question or blocker",
        isMultiline: true,
        isRequired: true,
        maxLength: 2000,
        errorMessage: "Say what to ask.",
      },
    ],
    executeAction(
      "Send question",
      VERBS.ask,
      { delegate: "ask", task: a.task, version: a.version },
      { associatedInputs: "auto" },
    ),
  );

export const renderAction = (a: ViewAction): CardElement => {
  if (a.action === "changes") return changesAction(a);
  if (a.action === "submit") return submitAction(a);
  if (a.action === "ask") return askAction(a);
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
    const actions = (v.actions ?? []).map(renderAction);
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
