import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import { USAGE } from "../../src/commands/usage.js";
import { DelegateError } from "../../src/domain/errors.js";

/** Valid lines to mutate: one or more per command of the grammar. */
const VALID = [
  "help",
  "help assign",
  'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
  'firm set firm:"…" tz:Europe/London rate:300 alerts:24h,2h est.document_review:3h',
  'team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 days:mon-fri delivery:offshore provider:"Acme LPO" nda:2026-01-15 nda-expires:2027-01-15 rate:300 cost:25',
  "team set <@U123|maria> active:no",
  "team list",
  'matter add M-2024-118 "Smith v. Jones" client:"Smith" area:litigation',
  "matter staff M-2024-118 <@U123|Maria Santos>",
  'assign @maria "Review exhibits" matter:M-2024-118 due:"fri 5pm" est:3h type:document_review notes:"…"',
  "list review page:2",
  "show T-42",
  "start t42",
  'submit T-42 "https://x.example" spent:2.5h',
  'approve T-42 "ok"',
  'changes T-42 "what to fix" reason:citation',
  "reassign T-42 @sam",
  'due T-42 "mon 9am"',
  'cancel T-42 "settled"',
  "hours 2026-W48",
  "audit @maria since:2026-11-01",
  "digest here",
  "outbox",
  "link ABCD-1234",
];

const INSERTS = [
  '"',
  "“",
  "”",
  "\\",
  "<@",
  "<at>",
  "</at>",
  "@",
  ":",
  "key:",
  'key:"',
  "T-",
  "T-99999999999999999999",
  "1e308",
  "-0",
  "NaN",
  "Infinity",
  "__proto__:x",
  "constructor:1",
  "est.__proto__:3h",
  "est.:1h",
  "rate:99999999",
  "hours:00:00-24:00",
  "days:sun-sat",
  "\u0000",
  "\n",
  "\u2028",
  "😀",
  "é",
  "\u00a0",
  "​",
];

/** Parses, and fails the property if anything but a DelegateError escapes. */
function parsesOrRejectsCleanly(line: string): boolean {
  try {
    parseCommand(line);
    return true;
  } catch (e) {
    if (!(e instanceof DelegateError)) throw e;
    // Plain checks, not expect(): this runs thousands of times and must stay fast.
    return (
      e.code === "usage" &&
      e.message.length > 0 &&
      !/[\r\n\u2028\u2029]/.test(e.message) &&
      e.usage !== undefined
    );
  }
}

const tokensOf = (line: string): string[] => line.split(" ");

const mutation = fc.oneof(
  // drop a token
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([line, i]) => {
    const t = tokensOf(line);
    t.splice(i % t.length, 1);
    return t.join(" ");
  }),
  // duplicate a token
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([line, i]) => {
    const t = tokensOf(line);
    const k = i % t.length;
    t.splice(k, 0, t[k] ?? "");
    return t.join(" ");
  }),
  // swap two tokens
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat()).map(([line, i, j]) => {
    const t = tokensOf(line);
    const a = i % t.length;
    const b = j % t.length;
    const x = t[a] ?? "";
    t[a] = t[b] ?? "";
    t[b] = x;
    return t.join(" ");
  }),
  // insert something nasty at any character position
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.constantFrom(...INSERTS)).map(([line, i, ins]) => {
    const k = i % (line.length + 1);
    return line.slice(0, k) + ins + line.slice(k);
  }),
  // replace a character with arbitrary unicode
  fc
    .tuple(fc.constantFrom(...VALID), fc.nat(), fc.string({ unit: "grapheme", maxLength: 3 }))
    .map(([line, i, s]) => {
      const k = i % line.length;
      return line.slice(0, k) + s + line.slice(k + 1);
    }),
  // append a random option with a random value
  fc
    .tuple(
      fc.constantFrom(...VALID),
      fc.stringMatching(/^[a-z][a-z0-9._-]{0,12}$/),
      fc.string({ maxLength: 12 }),
    )
    .map(([line, key, value]) => `${line} ${key}:${value}`),
  // huge numbers where numbers go
  fc
    .tuple(fc.constantFrom(...VALID), fc.bigInt({ min: 0n, max: 10n ** 40n }))
    .map(([line, n]) => line.replace(/\d+/, n.toString())),
);

/** Strings built from the characters the grammar cares about, so they get deep into the parser. */
const grammarish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...Object.keys(USAGE),
        ...INSERTS,
        " ",
        "T-42",
        "@maria",
        "<@U1|m>",
        "due:",
        "matter:M-1",
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(" "));

describe("parseCommand never throws anything but a DelegateError", () => {
  it("on random unicode strings", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 120 }), parsesOrRejectsCleanly), {
      numRuns: 2000,
    });
  });

  it("on grammar-shaped noise", () => {
    fc.assert(fc.property(grammarish, parsesOrRejectsCleanly), { numRuns: 3000 });
  });

  it("on mutations of valid command lines", () => {
    fc.assert(fc.property(mutation, parsesOrRejectsCleanly), { numRuns: 5000 });
  });

  it("on very long input", () => {
    expect(parsesOrRejectsCleanly(`assign ${"@m ".repeat(2000)}`)).toBe(true);
    expect(parsesOrRejectsCleanly(`help ${'"'.repeat(3990)}`)).toBe(true);
  });

  it("parses every valid line used for mutation", () => {
    for (const line of VALID) expect(() => parseCommand(line)).not.toThrow();
  });

  it("a successful parse always names a command of the usage table", () => {
    fc.assert(
      fc.property(mutation, (line) => {
        try {
          const command = parseCommand(line);
          expect(Object.keys(USAGE)).toContain(command.name);
        } catch (e) {
          if (!(e instanceof DelegateError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
