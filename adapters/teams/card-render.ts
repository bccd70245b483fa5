import {
  ASK_FORM,
  CHANGES_FORM,
  type FormDescription,
  type FormField,
  SUBMIT_FORM,
  type View,
  type ViewAction,
} from "../../src/core.js";
import { type ActionData, VERBS } from "./card-action-ids.js";
import { MORE_VERB, type MoreData } from "./more-action.js";

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

/**
 * Cuts text to `max` characters, marking the cut: never just after an escaping backslash (the
 * escape would be lost, or would escape the mark) nor between the two halves of an emoji.
 */
const clip = (text: string, max = MAX_LINE): string => {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  let slashes = 0;
  while (slashes < cut && text[cut - 1 - slashes] === "\\") slashes++;
  if (slashes % 2 === 1) cut--;
  return `${text.slice(0, cut)}…`;
};

const ALNUM = /[\p{L}\p{N}]/u;

/**
 * View text as Teams draws it: TextBlocks and facts read Markdown (bold, italic, lists, links,
 * line breaks at blank lines), and view text is plain. So every character that would make markup
 * is escaped (CommonMark backslash escapes) and shows as typed: `[label](url)` is no link,
 * `**bold**` and `*x*` are not bold, `_x_` not italic (an underscore inside a word like
 * document_review stays as it is), `- ` or `1. ` at a line's start no list item, `&lt;` no
 * character reference. A blank line (Teams' line break) becomes a single newline, so user text
 * cannot start what looks like a line of the card's own.
 */
export const inert = (text: string): string =>
  text
    .replace(/\r\n?/g, "\n")
    .replace(/\n[ \t]*(\n[ \t]*)+/g, "\n")
    .replace(/[\\`*~[\]<>]/g, "\\$&")
    .replace(/_/g, (m, at: number, all: string) =>
      ALNUM.test(all[at - 1] ?? "") && ALNUM.test(all[at + 1] ?? "") ? m : "\\_",
    )
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, "\\&")
    .replace(
      /^([ \t]*)([-+#>]|\d+[.)])(?=[ \t]|$)/gm,
      (_m, space: string, marker: string) => `${space}${marker.replace(/[-+#>.)]/, "\\$&")}`,
    );

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
  data: ActionData | MoreData,
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

/** A date-and-time field is two inputs: `<id>Date` and `<id>Time`. */
export const dateInputId = (field: FormField): string => `${field.id}Date`;
export const timeInputId = (field: FormField): string => `${field.id}Time`;

/** A problem the core found with a field, shown right under its input. */
const problemBlock = (problem: string): CardElement =>
  textBlock(problem, { color: "attention", size: "Small", spacing: "None" });

/**
 * One field of a core form (src/views/form-fields.ts) as Adaptive Card inputs, with the value
 * the person gave and the core's problem with it. Required inputs carry the core's own message
 * as `errorMessage`, which Teams shows before sending.
 */
export const fieldInputs = (
  field: FormField,
  values: Record<string, string | undefined> = {},
  problems: Record<string, string> = {},
): CardElement[] => {
  const label = field.required ? field.label : `${field.label} (optional)`;
  const required = field.required
    ? { isRequired: true, errorMessage: field.errorMessage ?? `${field.label}: required.` }
    : {};
  const problem = problems[field.id];
  const after = problem ? [problemBlock(problem)] : [];
  const given = (id: string, fallback?: string) => {
    const v = values[id] ?? fallback;
    return v ? { value: v } : {};
  };
  const placeholder = field.placeholder ? { placeholder: field.placeholder } : {};
  switch (field.kind) {
    case "person":
      return [
        {
          type: "Input.ChoiceSet",
          id: field.id,
          label,
          ...required,
          // Teams' people picker: the answer is the person's AAD object id.
          "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users?scope=currentContext" },
          choices: [],
          style: "filtered",
          ...given(field.id),
        },
        ...after,
      ];
    case "choice":
      return [
        {
          type: "Input.ChoiceSet",
          id: field.id,
          label,
          ...required,
          choices: (field.choices ?? []).map((c) => ({ title: c.replace(/_/g, " "), value: c })),
          ...given(field.id, field.initial),
        },
        ...after,
      ];
    case "dateTime":
      return [
        { type: "Input.Date", id: dateInputId(field), label, ...required, ...given(dateInputId(field)) },
        ...after,
        {
          type: "Input.Time",
          id: timeInputId(field),
          label: "Time",
          ...given(timeInputId(field), field.initial),
        },
      ];
    default:
      return [
        {
          type: "Input.Text",
          id: field.id,
          label,
          ...required,
          ...(field.kind === "multiline" ? { isMultiline: true } : {}),
          ...(field.maxLength ? { maxLength: field.maxLength } : {}),
          ...placeholder,
          ...given(field.id),
        },
        ...after,
      ];
  }
};

/** A form's inputs, in the description's order. */
export const formInputs = (
  form: FormDescription,
  values: Record<string, string | undefined> = {},
  problems: Record<string, string> = {},
): CardElement[] => form.fields.flatMap((f) => fieldInputs(f, values, problems));

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
