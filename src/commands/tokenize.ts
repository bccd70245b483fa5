import type { UserRef } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";

/**
 * One piece of a command line. `raw` is the source text of the token (for `help` topics
 * and error messages).
 */
export type Token =
  | { kind: "word"; text: string; raw: string }
  | { kind: "quoted"; text: string; raw: string }
  | { kind: "option"; key: string; value: string; quoted: boolean; raw: string }
  | { kind: "mention"; user: UserRef; raw: string };

/**
 * Option rule: a bare token `key:value` is an option when `key` matches
 * /^[a-z][a-z0-9._-]*$/i (so `est.document_review:3h` and `nda-expires:2027-01-15` work),
 * the key is not a URL scheme, and the value does not start with `//` or `\` (a URL or a
 * Windows path). Keys are
 * lower-cased. Everything else with a colon (`https://x`, `10:30`, `C:\docs`) stays a
 * positional word. A word that happens to look like an option (`Re:contract`) must be
 * quoted; the parser names the unknown key, so the fix is obvious.
 */
const OPTION_KEY = /^[a-z][a-z0-9._-]*$/i;
const URL_SCHEMES = new Set(["http", "https", "mailto", "ftp", "ftps", "sftp", "file", "tel", "urn", "data"]);

/**
 * Quote pairs. Slack, Teams and macOS "smart quotes" turn "x" into “x” (or „x“ with a
 * German keyboard); a straight quote closes only a straight quote so “He said "hi"” works.
 */
const CLOSERS: Readonly<Record<string, readonly string[]>> = {
  '"': ['"'],
  "“": ["”", "“"],
  "„": ["“", "”"],
  "”": ["”"],
};
const QUOTE_CHARS = new Set(['"', "“", "”", "„"]);

const isSpace = (ch: string): boolean => /\s/u.test(ch);

const usageError = (message: string): DelegateError => new DelegateError("usage", message);

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = input.length;

  /** Reads a quoted string whose opening quote is at `start`; returns text and end index. */
  const readQuoted = (start: number): { text: string; end: number } => {
    const open = input.charAt(start);
    const closers = CLOSERS[open] ?? ['"'];
    let text = "";
    let j = start + 1;
    while (j < n) {
      const ch = input.charAt(j);
      const next = input.charAt(j + 1);
      // Backslash escapes only a quote or another backslash: "C:\docs" keeps its backslash.
      if (ch === "\\" && (QUOTE_CHARS.has(next) || next === "\\")) {
        text += next;
        j += 2;
        continue;
      }
      if (closers.includes(ch)) return { text, end: j + 1 };
      text += ch;
      j += 1;
    }
    throw usageError(`A quote is not closed: add the closing quote after ${open}${preview(text)}.`);
  };

  const readBare = (start: number): number => {
    let j = start;
    while (j < n && !isSpace(input.charAt(j))) j += 1;
    return j;
  };

  /**
   * The quoted value of an option whose colon is just before `at`: `due:"fri 5pm"`, and also
   * `due: "fri 5pm"` (a space after the colon is what people type; nothing else can follow it).
   */
  const quotedValueAt = (at: number): { value: string; end: number } | undefined => {
    let k = at;
    while (k < n && isSpace(input.charAt(k))) k += 1;
    if (!QUOTE_CHARS.has(input.charAt(k))) return undefined;
    const { text, end } = readQuoted(k);
    return { value: text, end };
  };

  /**
   * Where a mention given as an option's value starts and ends (`cover:<@U1|Kim Lee>`,
   * `cover:@"Mary Ann"`), also after a space (`cover: <@U1>`: Teams pads the mentions it rewrites).
   */
  const mentionValueAt = (from: number): { start: number; end: number } | undefined => {
    let at = from;
    while (at < n && isSpace(input.charAt(at))) at += 1;
    const end = mentionEndAt(at);
    return end === undefined ? undefined : { start: at, end };
  };

  const mentionEndAt = (at: number): number | undefined => {
    if (input.startsWith("<@", at)) {
      const close = input.indexOf(">", at);
      return close < 0 ? undefined : close + 1;
    }
    if (input.charAt(at) === "@" && QUOTE_CHARS.has(input.charAt(at + 1))) return readQuoted(at + 1).end;
    return undefined;
  };

  while (i < n) {
    const ch = input.charAt(i);
    if (isSpace(ch)) {
      i += 1;
      continue;
    }
    const start = i;

    if (QUOTE_CHARS.has(ch)) {
      const { text, end } = readQuoted(i);
      tokens.push({ kind: "quoted", text, raw: input.slice(start, end) });
      i = end;
      continue;
    }

    // The one mention form the core reads, `<@id>` / `<@id|name>`, is Slack's own; every other
    // platform's adapter rewrites its mentions into it (or into @name / @"Full Name") before the
    // core sees the text (docs/adapter-contract.md). Slack's other control sequences:
    // <https://x|label>, <#C1|general>.
    if (ch === "<") {
      const close = input.indexOf(">", i + 1);
      const inner = close < 0 ? "" : input.slice(i + 1, close);
      if (close > i + 1 && !/\s/u.test(inner.replace(/\|.*$/su, ""))) {
        const raw = input.slice(start, close + 1);
        tokens.push(slackSequence(inner, raw));
        i = close + 1;
        continue;
      }
    }

    // Console: @name or @"Maria Santos".
    if (ch === "@" && i + 1 < n && !isSpace(input.charAt(i + 1))) {
      if (QUOTE_CHARS.has(input.charAt(i + 1))) {
        const { text, end } = readQuoted(i + 1);
        tokens.push({ kind: "mention", user: { name: text.trim() }, raw: input.slice(start, end) });
        i = end;
        continue;
      }
      const end = readBare(i + 1);
      tokens.push({ kind: "mention", user: { name: input.slice(i + 1, end) }, raw: input.slice(start, end) });
      i = end;
      continue;
    }

    // A bare word, which may be an option; key:"quoted value" may contain spaces.
    let j = i;
    while (j < n && !isSpace(input.charAt(j)) && input.charAt(j) !== ":") j += 1;
    const key = input.slice(i, j);
    if (input.charAt(j) === ":" && isOptionKey(key)) {
      const quoted = quotedValueAt(j + 1);
      if (quoted) {
        const { value, end } = quoted;
        tokens.push({
          kind: "option",
          key: key.toLowerCase(),
          value,
          quoted: true,
          raw: input.slice(start, end),
        });
        i = quoted.end;
        continue;
      }
      const mention = mentionValueAt(j + 1);
      if (mention !== undefined) {
        tokens.push({
          kind: "option",
          key: key.toLowerCase(),
          value: input.slice(mention.start, mention.end),
          quoted: false,
          raw: input.slice(start, mention.end),
        });
        i = mention.end;
        continue;
      }
    }
    const end = readBare(i);
    const word = input.slice(i, end);
    const colon = word.indexOf(":");
    const value = word.slice(colon + 1);
    if (
      colon > 0 &&
      isOptionKey(word.slice(0, colon)) &&
      !value.startsWith("//") &&
      !value.startsWith("\\")
    ) {
      tokens.push({
        kind: "option",
        key: word.slice(0, colon).toLowerCase(),
        value,
        quoted: false,
        raw: word,
      });
    } else {
      tokens.push({ kind: "word", text: word, raw: word });
    }
    i = end;
  }
  return tokens;
}

function isOptionKey(key: string): boolean {
  return OPTION_KEY.test(key) && !URL_SCHEMES.has(key.toLowerCase());
}

function slackSequence(inner: string, raw: string): Token {
  const bar = inner.indexOf("|");
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (target.startsWith("@") && target.length > 1) {
    const user: UserRef = { id: target.slice(1) };
    if (label !== undefined && label.trim() !== "") user.name = label.trim();
    return { kind: "mention", user, raw };
  }
  // Slack wraps links it auto-detects: keep the address, which is what the user typed.
  if (/^(https?|mailto):/iu.test(target)) {
    const text = target.toLowerCase().startsWith("mailto:") && label ? label : target;
    return { kind: "word", text, raw };
  }
  return { kind: "word", text: raw, raw };
}

/** A short, single-line excerpt of user text for error messages. */
export function preview(text: string, max = 40): string {
  const flat = text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
