import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { runConsole } from "../../adapters/console/run-console.js";
import { createSettableClock } from "../../adapters/console/settable-clock.js";
import { resetDatabase, testDatabase } from "../support/test-database.js";

/*
 * Every console transcript in README.md and docs/*.md is run through the real console adapter
 * (adapters/console/run-console.ts, what `npm run console` runs, with piped input) and its replies must
 * match what the page shows.
 *
 * What is a transcript: a ```console block whose first line is `$ npm run console` (optionally
 * `-- --demo`, which loads the demo firm first). Then:
 * - `delegate (NAME)> COMMAND` is a line typed as NAME (NAME must be who the console speaks as then);
 * - every other line is expected output, in order, up to the next prompt line;
 * - `…` inside a line matches any text (dates and times, which depend on the day the demo is run, and
 *   long tails of a reply); a line that is only `…` matches any number of lines, none included.
 *
 * The console's clock is pinned to FIXED_NOW (Monday 7 December 2026, 09:00 in New York) before the demo
 * loads, so every run gives the same replies whatever the day.
 *
 * When a reply's wording changes on purpose, the failure prints the whole transcript as the console
 * gave it, in the page's format: copy the lines you want into the page, keeping `…` where the page
 * had it.
 */
const ROOT = join(import.meta.dirname, "..", "..");
const FIXED_NOW = new Date("2026-12-07T14:00:00Z");
const START = /^\$ npm run console(?:\s+--\s+--demo)?\s*$/;
const PROMPT = /^delegate \(([^)]+)\)> (.*)$/;
const ANY = "…";

interface Step {
  /** Who the page says is speaking. */
  as: string;
  command: string;
  expected: string[];
}

interface Transcript {
  /** Where it is: `README.md:42`. */
  where: string;
  demo: boolean;
  /** Expected output before the first command. */
  banner: string[];
  steps: Step[];
}

const pages = (): string[] => [
  "README.md",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => `docs/${f}`),
];

/** The transcripts of one markdown page. */
const transcriptsOf = (page: string, text: string): Transcript[] => {
  const found: Transcript[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]?.trim() !== "```console") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]?.trim() !== "```") end++;
    const body = lines.slice(start, end);
    i = end;
    const first = body[0] ?? "";
    if (!START.test(first)) continue;
    const transcript: Transcript = {
      where: `${page}:${start}`,
      demo: first.includes("--demo"),
      banner: [],
      steps: [],
    };
    for (const line of body.slice(1)) {
      const prompt = PROMPT.exec(line);
      if (prompt) {
        transcript.steps.push({ as: prompt[1] ?? "", command: prompt[2] ?? "", expected: [] });
      } else {
        (transcript.steps.at(-1)?.expected ?? transcript.banner).push(line);
      }
    }
    found.push(transcript);
  }
  return found;
};

const lineMatches = (pattern: string, actual: string): boolean => {
  if (!pattern.includes(ANY)) return pattern === actual;
  const parts = pattern.split(ANY).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[\\s\\S]*")}$`).test(actual);
};

/** Whether `actual` lines match `expected` lines, where a line `…` stands for any number of lines. */
const linesMatch = (expected: string[], actual: string[]): boolean => {
  const [head, ...rest] = expected;
  if (head === undefined) return actual.length === 0;
  if (head.trim() === ANY) {
    for (let skip = 0; skip <= actual.length; skip++) {
      if (linesMatch(rest, actual.slice(skip))) return true;
    }
    return false;
  }
  const [first, ...others] = actual;
  return first !== undefined && lineMatches(head, first) && linesMatch(rest, others);
};

interface Run {
  banner: string[];
  /** Per command: who spoke it and what came back. */
  replies: { as: string; lines: string[] }[];
}

/** Runs the commands through the console adapter as `npm run console` does with piped input. */
const run = async (transcript: Transcript): Promise<Run> => {
  const database = await testDatabase();
  await resetDatabase(database);
  const clock = createSettableClock();
  clock.set(FIXED_NOW);
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  input.end(`${transcript.steps.map((s) => s.command).join("\n")}\n`);
  await runConsole({
    db: database.db,
    logger: pino({ level: "silent" }),
    clock,
    demo: transcript.demo,
    // Without the demo, the console speaks as the operating-system user until `as NAME`.
    ...(transcript.demo ? {} : { defaultUser: transcript.steps[0]?.as ?? "me" }),
    input,
    output,
    interactive: false,
  });
  // Piped input: each command is echoed as `> command` before its reply.
  const lines = printed.replace(/\n$/, "").split("\n");
  const result: Run = { banner: [], replies: [] };
  let speaker = transcript.demo ? "alice" : (transcript.steps[0]?.as ?? "me");
  let next = 0;
  for (const line of lines) {
    const step = transcript.steps[next];
    if (step && line === `> ${step.command}`) {
      result.replies.push({ as: speaker, lines: [] });
      const as = /^as\s+@?(\S+)\s*$/i.exec(step.command);
      if (as?.[1]) speaker = as[1];
      next++;
      continue;
    }
    (result.replies.at(-1)?.lines ?? result.banner).push(line);
  }
  return result;
};

/** The run in the page's own format, to paste from when wording changed on purpose. */
const render = (transcript: Transcript, result: Run): string =>
  [
    transcript.demo ? "$ npm run console -- --demo" : "$ npm run console",
    ...result.banner,
    ...transcript.steps.flatMap((step, i) => {
      const reply = result.replies[i];
      return [`delegate (${reply?.as ?? "?"})> ${step.command}`, ...(reply?.lines ?? ["(no reply)"])];
    }),
  ].join("\n");

const transcripts = pages().flatMap((page) => transcriptsOf(page, readFileSync(join(ROOT, page), "utf8")));

describe("transcripts in README.md and docs/", () => {
  it("README.md has at least one, each with commands", () => {
    expect(transcripts.some((t) => t.where.startsWith("README.md:"))).toBe(true);
    for (const t of transcripts) expect(t.steps.length, t.where).toBeGreaterThan(0);
  });

  it("reads `…` as any text, and a line of `…` as any number of lines", () => {
    expect(
      linesMatch(["Approved T-3 (round 1) by bob at …"], ["Approved T-3 (round 1) by bob at 9 AM."]),
    ).toBe(true);
    expect(
      linesMatch(["Approved T-3 (round 1) by bob at …"], ["Approved T-3 (round 2) by bob at 9 AM."]),
    ).toBe(false);
    expect(linesMatch(["a", "…", "d"], ["a", "b", "c", "d"])).toBe(true);
    expect(linesMatch(["a", "…", "d"], ["a", "d"])).toBe(true);
    expect(linesMatch(["a", "…", "d"], ["a", "b"])).toBe(false);
    expect(linesMatch(["a"], ["a", "b"])).toBe(false);
  });

  for (const transcript of transcripts) {
    it(`${transcript.where} gives the replies it shows`, async () => {
      const result = await run(transcript);
      const actual = render(transcript, result);
      const problems: string[] = [];
      if (!linesMatch(transcript.banner, result.banner))
        problems.push("the lines before the first command differ");
      transcript.steps.forEach((step, i) => {
        const reply = result.replies[i];
        if (!reply) {
          problems.push(`\`${step.command}\` got no reply`);
          return;
        }
        if (reply.as !== step.as)
          problems.push(`\`${step.command}\` is said as ${reply.as}, the page says ${step.as}`);
        if (!linesMatch(step.expected, reply.lines)) {
          problems.push(
            `\`${step.command}\` (as ${step.as}) replied:\n${reply.lines.join("\n")}\n  the page expects:\n${step.expected.join("\n")}`,
          );
        }
      });
      expect(
        problems,
        `${transcript.where}: the transcript does not match.\n\nThe console gave (paste what you mean to keep into the page, with … where the page has it):\n\n${actual}\n`,
      ).toEqual([]);
    });
  }
});
