import type { z } from "zod";
import type { UserRef } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";
import { repairText, unstorable, unstorableMessage } from "../domain/storable-text.js";
import { preview, type Token, tokenize } from "./tokenize.js";
import { type UsageKey, usageOf } from "./usage.js";

/** A positional argument: anything that is not an option. */
export type Positional = Exclude<Token, { kind: "option" }>;

/** How to write each option, for "missing" messages. */
const EXAMPLES: Readonly<Record<string, string>> = {
  firm: 'firm:"Smith & Lee LLP"',
  tz: "tz:America/New_York",
  rate: "rate:300",
  role: "role:professional",
  matter: "matter:M-2024-118",
  due: 'due:"fri 5pm"',
};

export const usageError = (key: UsageKey, message: string): DelegateError =>
  new DelegateError("usage", message, { usage: usageOf(key) });

/**
 * The arguments after the command words, split into positionals (in order) and options
 * (by key). Each accessor validates with a zod schema and throws a one-line usage error.
 */
export class Args {
  readonly positionals: Positional[] = [];
  readonly options = new Map<string, { value: string; quoted: boolean }>();

  constructor(
    readonly key: UsageKey,
    tokens: readonly Token[],
  ) {
    for (const t of tokens) {
      if (t.kind !== "option") {
        this.positionals.push(t);
        continue;
      }
      if (this.options.has(t.key)) throw this.error(`The option ${t.key}: is given twice; give it once.`);
      this.options.set(t.key, { value: t.value, quoted: t.quoted });
    }
  }

  error(message: string): DelegateError {
    return usageError(this.key, message);
  }

  /** Rejects options this command does not take, naming the first one. */
  allowOnly(keys: readonly string[], isExtra: (key: string) => boolean = () => false): void {
    for (const k of this.options.keys()) {
      if (keys.includes(k) || isExtra(k)) continue;
      const hint =
        keys.length === 0 ? "it takes no options" : `it takes ${keys.map((x) => `${x}:`).join(", ")}`;
      throw this.error(`${this.key} does not take the option ${preview(k, 30)}: (${hint}).`);
    }
  }

  /** Rejects positionals beyond the first `count`, with a hint about quoting. */
  atMost(count: number): void {
    const extra = this.positionals[count];
    if (extra === undefined) return;
    const hint = extra.kind === "word" ? " Put text with spaces in quotes." : "";
    throw this.error(`Unexpected ${shown(extra)} after ${this.key}.${hint}`);
  }

  /** Validates a string with a schema; the schema's message is the reply. */
  run<T>(schema: z.ZodType<T, string>, value: string): T {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const message = result.error.issues[0]?.message ?? "That value is not valid.";
    throw this.error(preview(message, 300));
  }

  /** An option's validated value, or undefined when absent. Empty values are errors. */
  option<T>(key: string, schema: z.ZodType<T, string>): T | undefined {
    const opt = this.options.get(key);
    if (opt === undefined) return undefined;
    if (opt.value.trim() === "") {
      throw this.error(
        `The option ${key}: has no value${EXAMPLES[key] ? `; write it like ${EXAMPLES[key]}` : ""}.`,
      );
    }
    return this.run(schema, opt.value);
  }

  required<T>(key: string, schema: z.ZodType<T, string>): T {
    const value = this.option(key, schema);
    if (value === undefined) {
      throw this.error(`${this.key} needs ${EXAMPLES[key] ?? `${key}:…`}.`);
    }
    return value;
  }

  /** The text of positional `i` (a word or a quoted string), or undefined. */
  text(i: number, what: string): string | undefined {
    const t = this.positionals[i];
    if (t === undefined) return undefined;
    if (t.kind === "mention") throw this.error(`Expected ${what}, not ${shown(t)}.`);
    return t.text;
  }

  requiredText(i: number, what: string, example: string): string {
    const value = this.text(i, what);
    if (value === undefined) throw this.error(`${this.key} needs ${what}, e.g. ${example}.`);
    return value;
  }

  /** A person: a mention, or a bare console user name. */
  user(i: number): UserRef {
    const t = this.positionals[i];
    if (t === undefined) throw this.error(`${this.key} needs a person, e.g. @maria.`);
    return this.person(t);
  }

  /** A person given as an option's value, e.g. `cover:@kim`. */
  requiredUser(key: string): UserRef {
    const opt = this.options.get(key);
    if (opt === undefined || opt.value.trim() === "") throw this.error(`${this.key} needs ${key}:@someone.`);
    let tokens: Token[];
    try {
      tokens = tokenize(opt.quoted ? `@"${opt.value.replace(/["\\]/g, "\\$&")}"` : opt.value);
    } catch {
      throw this.error(`${key}: wants a person like ${key}:@kim.`);
    }
    const [only, extra] = tokens;
    if (only === undefined || extra !== undefined || only.kind === "option") {
      throw this.error(`${key}: wants one person like ${key}:@kim.`);
    }
    return this.person(only);
  }

  private person(t: Positional): UserRef {
    if (t.kind === "mention") {
      const { id, name } = t.user;
      if ((id === undefined || id === "") && (name === undefined || name === "")) {
        throw this.error("That mention names nobody.");
      }
      if ((id?.length ?? 0) > 100 || (name?.length ?? 0) > 100) throw this.error("That mention is too long.");
      const problem = mentionProblem(t.user);
      if (problem) throw this.error(problem);
      return storableMention(t.user);
    }
    if (t.kind === "word" && /^[\p{L}\p{N}._'-]{1,80}$/u.test(t.text)) return { name: t.text };
    throw this.error(`Expected a person like @maria, not ${shown(t)}.`);
  }
}

/**
 * A mention the database could not look up as given: NUL anywhere, or a broken id (ids are keys).
 * Half an emoji in a mentioned name is only a label, repaired by storableMention.
 */
export const mentionProblem = (user: UserRef): string | undefined => {
  const problem =
    (user.name !== undefined && unstorable(user.name) === "nul" ? "nul" : undefined) ??
    (user.id === undefined ? undefined : unstorable(user.id));
  return problem && unstorableMessage("person's name in that mention", problem);
};

export const storableMention = (user: UserRef): UserRef =>
  user.name === undefined ? user : { ...user, name: repairText(user.name) };

/** A token as the user typed it, quoted once, for messages. */
function shown(t: Positional): string {
  return t.kind === "quoted" ? preview(t.raw) : `"${preview(t.raw)}"`;
}
