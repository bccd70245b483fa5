import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BEGIN, COMMANDS_PAGE, END, renderReference } from "../../scripts/docs-commands.js";
import { helpView } from "../../src/commands/help.js";
import { USAGE } from "../../src/commands/usage.js";

/*
 * docs/commands.md cannot drift from the parser's own usage text (src/commands/usage.ts): every usage
 * line appears in it verbatim, every command it documents exists, and its generated reference is what
 * `npm run docs:commands` writes today. When this fails after a change to usage.ts, run
 * `npm run docs:commands` and commit docs/commands.md.
 */
const page = readFileSync(COMMANDS_PAGE, "utf8");
const FIX = "run `npm run docs:commands` and commit docs/commands.md";

/** Lines of ```text blocks: the usage lines the page shows. */
const usageBlocks = (text: string): string[] => {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split("\n")) {
    if (line.trim() === "```text") inside = true;
    else if (inside && line.trim() === "```") inside = false;
    else if (inside) out.push(line);
  }
  return out;
};

describe("docs/commands.md", () => {
  it("shows every command's usage line from usage.ts verbatim", () => {
    const shown = new Set(usageBlocks(page));
    const missing = Object.values(USAGE)
      .map((u) => u.usage)
      .filter((usage) => !shown.has(usage));
    expect(missing, FIX).toEqual([]);
  });

  it("documents only commands that exist, each under its own heading, with its usage", () => {
    const headings = [...page.matchAll(/^### `([^`]+)`$/gm)].map((m) => m[1] ?? "");
    expect(headings.length).toBeGreaterThan(0);
    const unknown = headings.filter((h) => !Object.hasOwn(USAGE, h));
    expect(unknown, `not commands of usage.ts: ${FIX}`).toEqual([]);
    expect(new Set(headings).size, "a command documented twice").toBe(headings.length);
    expect([...headings].sort(), FIX).toEqual(Object.keys(USAGE).sort());
    // help knows each of them (an unknown topic is an error view).
    for (const h of headings) expect(helpView(h).tone, `help ${h}`).toBe("info");
    // Every usage line shown starts with a command word that exists.
    const words = new Set(Object.keys(USAGE).map((k) => k.split(" ")[0]));
    for (const line of usageBlocks(page)) expect(words.has(line.split(" ")[0]), line).toBe(true);
  });

  it("has the reference that npm run docs:commands generates from usage.ts and help.ts", () => {
    const begin = page.indexOf(BEGIN);
    const end = page.indexOf(END);
    expect(begin, `markers missing: ${BEGIN}`).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(begin);
    expect(page.slice(begin, end + END.length), FIX).toBe(renderReference());
  });

  it("explains every option usage.ts explains", () => {
    const reference = page.slice(page.indexOf(BEGIN));
    for (const [key, u] of Object.entries(USAGE)) {
      const options: Readonly<Record<string, string>> = "options" in u ? u.options : {};
      for (const [name, meaning] of Object.entries(options)) {
        expect(reference, `${key}: ${name}; ${FIX}`).toContain(`- \`${name}\` ${meaning}`);
      }
    }
  });
});
