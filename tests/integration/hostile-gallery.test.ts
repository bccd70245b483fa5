import { beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../../adapters/console/render-text.js";
import { resultModal } from "../../adapters/slack/modals.js";
import { renderHome, renderMessage } from "../../adapters/slack/render-blocks.js";
import { cardMessage, renderCard, summaryOf } from "../../adapters/teams/card-render.js";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import { runDigest } from "../../src/jobs/run-digest.js";
import type { Directory } from "../../src/services/deps.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness } from "../support/core-harness.js";

/*
 * The hostile gallery: strings that would ping a channel, forge a mention or a link, fake
 * formatting or extra lines, or smuggle a character reference, typed into every free-text field
 * (firm name, matter title, a person's display name, task title and instructions, submission
 * notes, change comments, questions, approval comments), then every view the real core makes of
 * them (replies, notifications, alerts, the digest, Home) rendered for every surface: Slack
 * blocks and top-level text, modals and Home; Teams cards; the console. Nothing renders as
 * markup, and what was typed shows as typed. Long ones are clipped, never inside an escape.
 */
const HOSTILE =
  "<!channel> <!here> <@U123> <https://evil.example|https://dms.example/doc> [x](https://evil.example) *bold* _it_ ~gone~ `code` &lt; & done";
/** With line breaks, for multi-line fields: a blank line and list markers would fake lines of our own. */
const HOSTILE_LINES = `${HOSTILE}\n\n**Approved by the partner**\n- fake item\n1. fake step`;
/** Terminal control: clear the screen, turn text red, return to the line's start and overwrite it. */
const TERMINAL = "Exhibits \u001b[2J\u001b[31mred\u0007 bell";
/** Long enough to be clipped, made of characters that each take an escape. */
const CLIPPED_SLACK = "&".repeat(2990);
const CLIPPED_TEAMS = "*".repeat(2990);

const directory: Directory = {
  lookup: async (ref) => {
    const name = ref.name ?? ref.id;
    if (!name) return undefined;
    return { userId: name.toLowerCase(), displayName: name === "maria" ? `Maria ${HOSTILE}` : name };
  },
};

interface Gallery {
  views: { name: string; view: View }[];
  homes: View[][];
}

const build = async (h: Harness): Promise<Gallery> => {
  const views: Gallery["views"] = [];
  const say = async (user: string, text: string) => {
    const view = await h.core.handle({ speaker: h.speaker(user), text, directory });
    views.push({ name: `${user}: ${text.slice(0, 60)}`, view });
    return view;
  };
  const ok = async (user: string, text: string) => {
    const view = await say(user, text);
    if (view.tone === "error") throw new Error(`${text.slice(0, 80)}: ${view.lines.join(" ")}`);
  };
  await ok("alice", `setup firm:"${HOSTILE}" tz:America/New_York rate:300`);
  await ok("alice", "team add @bob role:attorney rate:400");
  await ok(
    "alice",
    "team add @maria role:professional tz:Asia/Manila nda:2026-01-15 nda-expires:2027-01-15 cost:25",
  );
  await ok("alice", `matter add M-1 "${HOSTILE}"`);
  await ok("alice", `matter add M-2 "${TERMINAL}"`);
  await ok("alice", "digest here");
  await ok("bob", `assign @maria "${HOSTILE}" matter:M-1 due:"2026-12-04 17:00" notes:"${HOSTILE_LINES}"`);
  await ok("bob", `assign @maria "Clip me" matter:M-1 due:"2026-12-04 17:00" notes:"${CLIPPED_SLACK}"`);
  await ok("bob", `assign @maria "Clip me too" matter:M-1 due:"2026-12-04 17:00" notes:"${CLIPPED_TEAMS}"`);
  await ok("maria", `ask T-1 "${HOSTILE_LINES}"`);
  await ok("maria", "start T-1");
  await ok("maria", `submit T-1 "${HOSTILE_LINES}" spent:2h`);
  await ok("bob", `changes T-1 "${HOSTILE_LINES}"`);
  await ok("maria", "start T-1");
  await ok("maria", `submit T-1 "${HOSTILE}"`);
  await ok("bob", `approve T-1 "${HOSTILE_LINES}"`);
  for (const text of [
    "show T-1",
    "show T-2",
    "show T-3",
    "list all",
    "audit T-1",
    "team list",
    "matter list",
  ]) {
    await say("bob", text);
  }
  await say("alice", "audit @maria");
  await say("maria", "list");
  h.clock.set("2026-12-04T15:00:00Z");
  await runAlerts({ db: h.database.db, logger: h.deps.logger }, h.clock.now());
  h.clock.set("2026-12-07T13:05:00Z");
  await runDigest({ db: h.database.db }, h.clock.now());
  const queued = await h.database.query<{ kind: string; payload: View | string }>(
    "select kind, payload from outbox order by id",
  );
  for (const row of queued) {
    const view = typeof row.payload === "string" ? (JSON.parse(row.payload) as View) : row.payload;
    views.push({ name: `notification ${row.kind}`, view });
  }
  const homes = [];
  for (const user of ["alice", "bob", "maria"]) homes.push(await h.core.home(h.speaker(user)));
  return { views, homes };
};

/** Every string of a Block Kit payload Slack reads as mrkdwn. */
const mrkdwnOf = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) for (const n of node) mrkdwnOf(n, out);
  else if (typeof node === "object" && node !== null) {
    const n = node as Record<string, unknown>;
    if (n.type === "mrkdwn" && typeof n.text === "string") out.push(n.text);
    for (const v of Object.values(n)) mrkdwnOf(v, out);
  }
  return out;
};

/** Every TextBlock text and fact of an Adaptive Card (Teams reads them as Markdown). */
const markdownOf = (node: unknown, out: string[] = []): string[] => {
  if (Array.isArray(node)) for (const n of node) markdownOf(n, out);
  else if (typeof node === "object" && node !== null) {
    const n = node as Record<string, unknown>;
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (n.type === "FactSet" && Array.isArray(n.facts)) {
      for (const f of n.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    }
    for (const v of Object.values(n)) markdownOf(v, out);
  }
  return out;
};

/** A character that would make markup, not preceded by an escaping backslash. */
const UNESCAPED = /(?<!\\)(?:\\\\)*[[\]*<>~`]/;
/** What Teams shows: CommonMark backslash escapes removed. */
const shown = (markdown: string): string => markdown.replace(/\\([!-/:-@[-`{-~])/g, "$1");

describe("the hostile gallery", () => {
  let gallery: Gallery;
  beforeAll(async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z", platform: "slack" });
    gallery = await build(h);
  }, 60_000);

  const allViews = () => [...gallery.views.map((v) => v.view), ...gallery.homes.flat()];

  it("reaches every field and surface it should", () => {
    const kinds = gallery.views.map((v) => v.name);
    for (const kind of ["assigned", "submitted", "changes", "approved", "question", "digest"]) {
      expect(
        kinds.some((k) => k.startsWith("notification") && k.includes(kind)),
        kind,
      ).toBe(true);
    }
    const everything = JSON.stringify(allViews());
    expect(everything).toContain(JSON.stringify(HOSTILE).slice(1, -1));
    expect(everything).toContain("Approved by the partner");
  });

  it("Slack: no mention, ping, link or stray character reference in blocks, top-level text, modals or Home", () => {
    const texts: string[] = [];
    for (const view of allViews()) {
      const message = renderMessage(view);
      texts.push(message.text, ...mrkdwnOf(message.blocks), ...mrkdwnOf(resultModal(view).blocks));
    }
    for (const views of gallery.homes) texts.push(...mrkdwnOf(renderHome(views).blocks));
    for (const text of texts) {
      expect(text).not.toMatch(/[<>]/);
      // Every & starts one of the three escapes: none was cut, none came from the user unescaped.
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    const all = texts.join("\n");
    expect(all).toContain("&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt;");
    expect(all).toContain("&lt;https://evil.example|https://dms.example/doc&gt;");
    // What the user typed as "&lt;" is shown as typed, not as "<".
    expect(all).toContain("&amp;lt;");
    // The clipped notes were cut (marked) in at least one place.
    expect(all).toMatch(/(&amp;)+…/);
  });

  it("Teams: no link, bold, italic, list or extra line in any card text, and it shows as typed", () => {
    const texts: string[] = [];
    for (const view of allViews()) {
      const message = cardMessage(renderCard(view), summaryOf(view));
      texts.push(...markdownOf(message.attachments[0]?.content));
    }
    for (const text of texts) {
      expect(text).not.toMatch(UNESCAPED);
      expect(text).not.toMatch(/\n[ \t]*\n/);
      expect(text).not.toMatch(/^[ \t]*([-+]|\d+\.)[ \t]/m);
      expect(text).not.toMatch(/(?<!\\)&#?[A-Za-z0-9]+;/);
      expect(text).not.toMatch(
        /(?<![\\\p{L}\p{N}])_(?![\p{L}\p{N}])|(?<![\\\p{L}\p{N}])_(?=\p{L})|(?<=\p{L})_(?![\p{L}\p{N}])/u,
      );
      // A clipped text never ends on an escaping backslash.
      expect(text).not.toMatch(/(?<!\\)(\\\\)*\\…$/);
    }
    const all = texts.map(shown).join("\n");
    expect(all).toContain(HOSTILE);
    expect(all).toContain("**Approved by the partner**");
    expect(all).toMatch(/\*{100,}…/);
  });

  it("console: shown exactly as typed, control characters shown rather than obeyed", () => {
    const out = allViews().flatMap(renderText).join("\n");
    expect(out).toContain(HOSTILE);
    expect(out).toContain("Exhibits \u241b[2J\u241b[31mred\u2407 bell");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the terminal.
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});
