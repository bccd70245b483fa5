import type { ActionData } from "./card-action-ids.js";
import type { MoreData } from "./more-action.js";

/*
 * The pieces every card is made of (Adaptive Cards 1.5): the card's shape and limits, text as
 * Teams draws it (escaped, cut), and a button. card-form.ts builds inputs from them,
 * card-render.ts whole cards.
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
/** The longest line of text a card carries before it is cut. */
const MAX_LINE = 2_000;

/**
 * Cuts text to `max` characters, marking the cut: never just after an escaping backslash (the
 * escape would be lost, or would escape the mark) nor between the two halves of an emoji.
 */
export const clip = (text: string, max = MAX_LINE): string => {
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
