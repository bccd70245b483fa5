import type { Command } from "../domain/command.js";
import { isDelegateError } from "../domain/errors.js";
import { findUnstorable, unstorableMessage } from "../domain/storable-text.js";
import { Args, usageError } from "./parse-args.js";
import { BUILDERS } from "./parse-builders.js";
import { preview, type Token, tokenize } from "./tokenize.js";
import { USAGE, type UsageKey } from "./usage.js";

/** Longer than any real command; stops a pasted document before we tokenize it. */
export const MAX_COMMAND_LENGTH = 4000;

/** Command words that need a second word, and the words they take. */
const SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  firm: ["set"],
  team: ["add", "set", "list"],
  matter: ["add", "set", "staff", "unstaff", "list", "show"],
  holiday: ["add", "remove", "list"],
  digest: ["here"],
};

/** The mention as typed (`@maria`, `@"Mary Ann"`), or a placeholder. */
const mentioned = (t: Token | undefined): string =>
  t?.kind === "mention"
    ? preview(t.raw, 60)
    : t?.kind === "word" && /^[\w.-]{1,60}$/.test(t.text)
      ? `@${t.text}`
      : "@name";

/**
 * Subcommands people reach for that Delegate does not have, and what to say instead (with the
 * usage of the command that does it): nobody is ever deleted, their history stays.
 */
const INSTEAD: Readonly<Record<string, { key: UsageKey; say: (next: Token | undefined) => string }>> = {
  ...Object.fromEntries(
    ["remove", "delete", "deactivate", "disable", "rm"].map((sub) => [
      `team ${sub}`,
      {
        key: "team set" as const,
        say: (next: Token | undefined) =>
          `Nobody is removed from the team (their history stays); to switch someone off: team set ${mentioned(next)} active:no`,
      },
    ]),
  ),
  "matter remove": {
    key: "matter unstaff",
    say: () => "To end someone's access to a matter: matter unstaff M-… @name",
  },
};

/** Command words whose second word is sometimes a subcommand: `audit verify` beside `audit T-42`. */
const OPTIONAL_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = {
  audit: ["verify"],
};

/**
 * Parses one command line (Slack text, a Teams message with the mention stripped, or a
 * console line) into a validated Command. Throws only DelegateError("usage", …).
 */
export function parseCommand(text: string): Command {
  if (text.length > MAX_COMMAND_LENGTH) {
    throw usageError(
      guessKey(
        text
          .trim()
          .replace(/^\/delegate(?=\s|$)/i, "")
          .trim()
          .slice(0, 100),
      ),
      `That command is too long (over ${MAX_COMMAND_LENGTH} characters). Put long instructions in a document and give its link.`,
    );
  }
  const line = text
    .trim()
    .replace(/^\/delegate(?=\s|$)/i, "")
    .trim();
  if (line === "") return { name: "help" };
  let tokens: Token[];
  try {
    tokens = tokenize(line);
  } catch (e) {
    // The tokenizer does not know the command; attach the usage of the word it starts with.
    if (isDelegateError(e)) throw usageError(guessKey(line), e.message);
    throw e;
  }
  let command: Command;
  try {
    command = build(tokens);
  } catch (e) {
    if (isDelegateError(e)) throw e;
    // A bug in a validator must still reach the user as a reply, not a crash.
    throw usageError("help", "I could not read that command.");
  }
  // Each free-text field names itself when it refuses such text (parse-values.ts); this catches
  // anything else that would reach the database.
  const problem = findUnstorable(command);
  if (problem) throw usageError(guessKey(line), unstorableMessage("command", problem));
  return command;
}

function build(tokens: Token[]): Command {
  const first = tokens[0];
  if (first === undefined) return { name: "help" };
  if (first.kind !== "word") {
    throw usageError(
      "help",
      `Start with a command word, not "${preview(first.raw)}". Type help to see them.`,
    );
  }
  const word = first.text.toLowerCase();
  if (word === "help" || word === "?") return help(tokens.slice(1));

  const subs = SUBCOMMANDS[word];
  let key: UsageKey;
  let rest: Token[];
  if (subs) {
    const second = tokens[1];
    const sub = second?.kind === "word" ? second.text.toLowerCase() : undefined;
    const firstKey = keyOf(`${word} ${subs[0]}`) ?? "help";
    if (sub === undefined || !subs.includes(sub)) {
      const instead = sub === undefined ? undefined : INSTEAD[`${word} ${sub}`];
      if (instead) throw usageError(instead.key, instead.say(tokens[2]));
      const choices = subs.length === 1 ? `"${word} ${subs[0]}"` : subs.join(", ");
      const wrote = sub === undefined ? "" : ` (not "${preview(sub, 20)}")`;
      throw usageError(
        firstKey,
        `${word} needs ${subs.length === 1 ? "to be" : "one of"} ${choices}${wrote}.`,
      );
    }
    key = keyOf(`${word} ${sub}`) ?? firstKey;
    rest = tokens.slice(2);
  } else {
    const sub = optionalSub(word, tokens[1]);
    const found = sub ?? keyOf(word);
    if (found === undefined) {
      const near = suggest(word);
      const hint = near ? ` Did you mean "${near}"?` : "";
      throw usageError(
        "help",
        `Unknown command "${preview(word, 30)}".${hint} Type help to see all commands.`,
      );
    }
    key = found;
    rest = tokens.slice(sub === undefined ? 1 : 2);
  }
  return BUILDERS[key](new Args(key, rest));
}

function optionalSub(word: string, second: Token | undefined): UsageKey | undefined {
  if (second?.kind !== "word") return undefined;
  const sub = second.text.toLowerCase();
  return OPTIONAL_SUBCOMMANDS[word]?.includes(sub) ? keyOf(`${word} ${sub}`) : undefined;
}

function keyOf(word: string): UsageKey | undefined {
  return Object.keys(USAGE).find((k): k is UsageKey => k === word);
}

/** `help`, `help assign`, `help team add`: never an error, help is what confused people type. */
function help(rest: Token[]): Command {
  const topic = rest
    .map((t) => t.raw)
    .join(" ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 100);
  return topic === "" ? { name: "help" } : { name: "help", topic };
}

/** The command word at the start of a line the tokenizer rejected, for its usage line. */
function guessKey(line: string): UsageKey {
  const [w1 = "", w2 = ""] = line.toLowerCase().split(/\s+/);
  return keyOf(`${w1} ${w2}`) ?? keyOf(w1) ?? "help";
}

/** The closest command word within two edits, for "Did you mean…". */
function suggest(word: string): string | undefined {
  const words = [...new Set(Object.keys(USAGE).map((k) => k.split(" ")[0] ?? k))];
  let best: string | undefined;
  let bestDistance = 3;
  for (const w of words) {
    const d = editDistance(word, w);
    if (d < bestDistance) {
      best = w;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 3;
}
