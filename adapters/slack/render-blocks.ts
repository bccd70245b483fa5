// Block Kit as @slack/types defines it: what these functions return is checked against it at compile time.
import type { Button, HomeView, KnownBlock } from "@slack/types";
import type { View, ViewAction } from "../../src/core.js";
import { encodeButton, MORE_ACTION, taskActionId } from "./action-ids.js";
import { clip, escapeMrkdwn } from "./slack-text.js";

type Block = KnownBlock;

/** Slack's limits: 50 blocks a message (100 a modal or Home tab), 3,000 characters of section text. */
export const MESSAGE_BLOCKS = 50;
export const SURFACE_BLOCKS = 100;
const SECTION_CHARS = 3000;
const FIELD_CHARS = 2000;

/** What a View becomes in Slack: fallback text (notifications, screen readers) and blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const section = (text: string): Block => ({
  type: "section",
  text: { type: "mrkdwn", text: clip(text, SECTION_CHARS) },
});

const context = (text: string): Block => ({
  type: "context",
  elements: [{ type: "mrkdwn", text: clip(text, SECTION_CHARS) }],
});

/** Packs lines into as few sections as fit 3,000 characters each. */
const packLines = (lines: string[]): Block[] => {
  const blocks: Block[] = [];
  let current = "";
  for (const line of lines) {
    const piece = clip(line, SECTION_CHARS);
    if (current !== "" && current.length + 1 + piece.length > SECTION_CHARS) {
      blocks.push(section(current));
      current = "";
    }
    current = current === "" ? piece : `${current}\n${piece}`;
  }
  if (current !== "") blocks.push(section(current));
  return blocks;
};

const TONE_MARK: Record<View["tone"], string> = {
  info: "",
  success: ":white_check_mark: ",
  warning: ":warning: ",
  error: ":x: ",
};

const button = (a: ViewAction, i: number): Button => ({
  type: "button",
  action_id: taskActionId(i),
  text: { type: "plain_text", text: clip(a.label, 75) },
  value: encodeButton(a),
  ...(a.style ? { style: a.style } : {}),
});

/**
 * Plain text of a view, for `text` (shown in notifications and where blocks cannot be). Slack
 * reads it as mrkdwn too, so user text is escaped here as in the blocks: a title with
 * `<!channel>` or `<https://x|label>` must not ping or link.
 */
export const fallbackText = (view: View): string =>
  clip(
    [
      view.title,
      ...view.lines,
      ...(view.fields ?? []).map((f) => `${f.label}: ${f.value}`),
      ...(view.items ?? []).map((i) => `• ${i.text}`),
      view.usage ? `Usage: ${view.usage}` : undefined,
    ]
      .filter((l): l is string => Boolean(l))
      .map(escapeMrkdwn)
      .join("\n"),
    3000,
  );

export interface RenderOptions {
  /** Block budget of the surface (a message 50, a modal or Home tab 100). */
  maxBlocks?: number;
  /** Draw the view's buttons (false for a resolved message). */
  withActions?: boolean;
  /** A line to add at the bottom, e.g. "Approved by … at …". */
  footer?: string;
}

/**
 * A View as Block Kit: title and paragraphs as sections, fields two columns, items packed into
 * sections, task buttons in an actions block, the usage of an error as context. Past the block
 * budget, items are cut with a note of how many are left out; the view's next page is a button.
 */
export const renderBlocks = (view: View, options: RenderOptions = {}): Block[] => {
  const max = options.maxBlocks ?? MESSAGE_BLOCKS;
  const head: Block[] = [];
  const mark = TONE_MARK[view.tone];
  if (view.title) head.push(section(`${mark}*${escapeMrkdwn(view.title)}*`));
  const paragraphs = view.lines.map(escapeMrkdwn);
  if (!view.title && paragraphs.length > 0) paragraphs[0] = `${mark}${paragraphs[0]}`;
  head.push(...packLines(paragraphs));
  const fields = view.fields ?? [];
  for (let i = 0; i < fields.length; i += 10) {
    head.push({
      type: "section",
      fields: fields.slice(i, i + 10).map((f) => ({
        type: "mrkdwn" as const,
        text: clip(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, FIELD_CHARS),
      })),
    });
  }
  const tail: Block[] = [];
  const actions = options.withActions === false ? [] : (view.actions ?? []);
  if (actions.length > 0) tail.push({ type: "actions", elements: actions.slice(0, 25).map(button) });
  if (view.more) {
    // The next page's command rides on the button; the click runs it as if typed (action-listeners.ts).
    tail.push({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: MORE_ACTION,
          text: { type: "plain_text", text: clip(view.more.label, 75) },
          value: clip(view.more.command, 2000),
        },
      ],
    });
  }
  if (view.usage) tail.push(context(`Usage: \`${escapeMrkdwn(view.usage)}\``));
  if (options.footer) tail.push(context(escapeMrkdwn(options.footer)));

  const items = packLines((view.items ?? []).map((i) => `• ${escapeMrkdwn(i.text)}`));
  const room = max - head.length - tail.length;
  if (items.length <= room) return [...head, ...items, ...tail].slice(0, max);
  const shown = items.slice(0, Math.max(0, room - 1));
  const left = (view.items ?? []).length - countBullets(shown);
  return [...head, ...shown, context(`…and ${left} more not shown.`), ...tail].slice(0, max);
};

const countBullets = (blocks: Block[]): number =>
  blocks.reduce((n, b) => n + (b.type === "section" ? (b.text?.text.match(/^• /gm)?.length ?? 0) : 0), 0);

export const renderMessage = (view: View, options: RenderOptions = {}): SlackMessage => ({
  text: fallbackText(view),
  blocks: renderBlocks(view, options),
});

/** The App Home tab: one header and list per view the core gave. */
export const renderHome = (views: View[]): HomeView => {
  const blocks: Block[] = [];
  for (const view of views) {
    if (blocks.length > 0) blocks.push({ type: "divider" });
    blocks.push(
      ...renderBlocks(view, { maxBlocks: Math.floor(SURFACE_BLOCKS / Math.max(1, views.length)) - 1 }),
    );
  }
  return { type: "home", blocks: blocks.slice(0, SURFACE_BLOCKS) };
};
