import type { Block, HomeView, KnownBlock, ModalView } from "@slack/types";
import { beforeAll, describe, expect, it } from "vitest";
import { replyOf } from "../../adapters/slack/command-listener.js";
import { assignModal, changesModal, resultModal, submitModal } from "../../adapters/slack/modals.js";
import { renderHome, renderMessage, type SlackMessage } from "../../adapters/slack/render-blocks.js";
import { type Gallery, viewGallery } from "../support/view-gallery.js";

/*
 * Every Block Kit payload the app can produce (each view kind from the real core, as a message,
 * a command reply, a redrawn message with an outcome underneath, a result modal, the Home tab,
 * and the three forms) against Slack's documented limits. The types (@slack/types) are checked
 * at compile time by the renderers' signatures; these are the limits the types cannot express.
 *
 * Limits, from Slack's Block Kit reference (https://docs.slack.dev/reference/block-kit/):
 * - blocks: 50 in a message, 100 in a modal or Home tab (…/blocks; views/modal-views, home-tab-views)
 * - text objects: 3,000 characters (…/composition-objects/text-object); section text 3,000,
 *   section fields at most 10, each 2,000 (…/blocks/section-block)
 * - context: at most 10 elements (…/blocks/context-block)
 * - actions: at most 25 elements (…/blocks/actions-block)
 * - button: text 75, value 2,000, action_id 255 (…/block-elements/button-element)
 * - block_id and action_id: 255 (…/blocks, …/block-elements)
 * - modal: title, submit and close 24 each; private_metadata 3,000; callback_id 255 (…/views/modal-views)
 * - input: label and hint 2,000 (…/blocks/input-block); placeholder 150 (…/block-elements)
 * - static select: at most 100 options, option text 75, value 150 (…/composition-objects/option-object)
 * - chat.postMessage `text`: shown in notifications; Slack truncates past 40,000 characters
 */
type Problem = string;

const textOf = (t: unknown): string =>
  typeof t === "object" && t !== null && "text" in t && typeof t.text === "string" ? t.text : "";

const over = (what: string, value: string | undefined, max: number): Problem[] =>
  value !== undefined && value.length > max ? [`${what}: ${value.length} characters (at most ${max})`] : [];

const elementProblems = (element: object, where: string): Problem[] => {
  const e = element as Record<string, unknown>;
  const problems: Problem[] = [...over(`${where} action_id`, e.action_id as string | undefined, 255)];
  if (e.type === "button") {
    problems.push(...over(`${where} button text`, textOf(e.text), 75));
    problems.push(...over(`${where} button value`, e.value as string | undefined, 2000));
  }
  problems.push(...over(`${where} placeholder`, textOf(e.placeholder), 150));
  const options = (e.options ?? []) as { text: unknown; value: string }[];
  if (options.length > 100) problems.push(`${where}: ${options.length} options (at most 100)`);
  for (const o of options) {
    problems.push(
      ...over(`${where} option text`, textOf(o.text), 75),
      ...over(`${where} option value`, o.value, 150),
    );
  }
  return problems;
};

const blockProblems = (b: KnownBlock | Block, where: string): Problem[] => {
  const block = b as KnownBlock;
  const problems: Problem[] = [...over(`${where} block_id`, block.block_id, 255)];
  switch (block.type) {
    case "section": {
      problems.push(...over(`${where} section text`, textOf(block.text), 3000));
      const fields = block.fields ?? [];
      if (fields.length > 10) problems.push(`${where}: ${fields.length} fields (at most 10)`);
      for (const f of fields) problems.push(...over(`${where} field`, f.text, 2000));
      break;
    }
    case "context":
      if (block.elements.length > 10) problems.push(`${where}: ${block.elements.length} context elements`);
      for (const e of block.elements) problems.push(...over(`${where} context text`, textOf(e), 3000));
      break;
    case "actions":
      if (block.elements.length > 25)
        problems.push(`${where}: ${block.elements.length} actions (at most 25)`);
      for (const e of block.elements) problems.push(...elementProblems(e, where));
      break;
    case "input":
      problems.push(
        ...over(`${where} label`, block.label.text, 2000),
        ...over(`${where} hint`, textOf(block.hint), 2000),
      );
      problems.push(...elementProblems(block.element, where));
      break;
    case "divider":
      break;
    default:
      problems.push(`${where}: a ${block.type} block, which these checks do not know`);
  }
  return problems;
};

const blocksProblems = (blocks: (KnownBlock | Block)[], max: number, where: string): Problem[] => [
  ...(blocks.length > max ? [`${where}: ${blocks.length} blocks (at most ${max})`] : []),
  ...(blocks.length === 0 ? [`${where}: no blocks`] : []),
  ...blocks.flatMap((b, i) => blockProblems(b, `${where} #${i}`)),
];

const messageProblems = (m: SlackMessage, where: string): Problem[] => [
  ...over(`${where} text`, m.text, 40_000),
  ...blocksProblems(m.blocks, 50, where),
];

const modalProblems = (v: ModalView, where: string): Problem[] => [
  ...over(`${where} title`, v.title.text, 24),
  ...over(`${where} submit`, textOf(v.submit), 24),
  ...over(`${where} close`, textOf(v.close), 24),
  ...over(`${where} private_metadata`, v.private_metadata, 3000),
  ...over(`${where} callback_id`, v.callback_id, 255),
  ...blocksProblems(v.blocks, 100, where),
];

const homeProblems = (v: HomeView, where: string): Problem[] => blocksProblems(v.blocks, 100, where);

/** User text must reach Slack escaped: no raw `<`, and `&` only as the start of an entity. */
const unescaped = (text: string): boolean => /<|&(?!amp;|lt;|gt;)/.test(text);

describe("every Block Kit payload within Slack's documented limits", () => {
  let gallery: Gallery;
  const longFooter = `Approved T-1 (round 2) by Bob Stone at Tue 1 Dec 2026, 9:00 AM EST. Comment: ${"Good. ".repeat(700)}`;

  beforeAll(async () => {
    gallery = await viewGallery();
  }, 300_000);

  it("messages, command replies, redrawn messages and result modals", () => {
    const problems = gallery.views.flatMap(({ name, view }) => [
      ...messageProblems(renderMessage(view), name),
      ...messageProblems(replyOf(view), `${name} (reply)`),
      ...messageProblems(renderMessage(view, { footer: longFooter }), `${name} (redrawn)`),
      ...modalProblems(resultModal(view), `${name} (result modal)`),
    ]);
    expect(problems).toEqual([]);
  });

  it("the Home tab of each kind of person", () => {
    expect(
      gallery.homes.flatMap(({ name, views }) => homeProblems(renderHome(views), `home ${name}`)),
    ).toEqual([]);
  });

  it("the assign, submit and request-changes forms", () => {
    const meta = {
      task: 2_147_483_647,
      version: 2_147_483_647,
      channel: "D0123456789",
      ts: "1767326126.896109",
    };
    expect([
      ...modalProblems(assignModal({ channel: "C0123456789" }), "assign form"),
      ...modalProblems(submitModal(meta), "submit form"),
      ...modalProblems(changesModal(meta), "changes form"),
    ]).toEqual([]);
  });

  it("user text is escaped in the notification text as in the blocks", () => {
    const titled = gallery.views.filter(({ view }) =>
      `${view.title ?? ""}${view.lines.join("")}`.includes("<!here>"),
    );
    expect(titled.length).toBeGreaterThan(0);
    for (const { name, view } of titled) expect(unescaped(renderMessage(view).text), name).toBe(false);
  });

  it("the checks can fail", () => {
    expect(
      blocksProblems([{ type: "section", text: { type: "mrkdwn", text: "x".repeat(3001) } }], 50, "t"),
    ).toHaveLength(1);
    expect(
      blocksProblems(
        Array.from({ length: 51 }, () => ({ type: "divider" as const })),
        50,
        "t",
      ),
    ).toHaveLength(1);
    expect(unescaped("Task <!here> & co")).toBe(true);
    expect(unescaped("Task &lt;!here&gt; &amp; co")).toBe(false);
  });
});
