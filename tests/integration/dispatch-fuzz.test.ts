import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHarness, seedFirm } from "../support/core-harness.js";
import { captureLogs } from "../support/log-capture.js";

/** Real command lines to mutate: every word of the grammar, with plausible arguments. */
const SEEDS = [
  'assign @maria "Review exhibits" matter:M-1 due:"fri 5pm" est:3h type:document_review notes:"p. 4-9"',
  "list all",
  "list overdue",
  "show T-1",
  "start T-1",
  'submit T-1 "https://dms.example/1" spent:2.5h',
  'approve T-1 "ok"',
  'changes T-1 "fix cites" reason:citation',
  "reassign T-1 @dev",
  'due T-1 "mon 9am"',
  'cancel T-1 "not needed"',
  "hours last",
  "audit T-1",
  "audit @maria since:2026-11-01",
  "team list",
  "team set @dev nda:2026-01-01",
  "team add @zed role:professional tz:Asia/Manila",
  'matter add M-9 "New matter" client:"X"',
  "matter staff M-2 @maria",
  "firm set rate:350 alerts:24h,2h est.drafting:2h",
  "digest here",
  "outbox",
  "link",
  "help assign",
];
const SPEAKERS = ["alice", "bob", "maria", "dev", "stranger"];

const tokensOf = (line: string): string[] => line.match(/"[^"]*"|\S+/g) ?? [];

/** A valid line, then mangled: tokens dropped, duplicated, swapped, or replaced by noise. */
const mutatedLine = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.tuple(
        fc.constantFrom("drop", "dup", "swap", "noise", "quote", "number"),
        fc.nat(),
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.constantFrom("T-0", "T-99999999999", "@", '"', "due:", "<@U1|x>", "ü", "\u0000"),
        ),
      ),
      { maxLength: 3 },
    ),
  )
  .map(([seed, edits]) => {
    const t = tokensOf(seed);
    for (const [op, at, noise] of edits) {
      const i = t.length === 0 ? 0 : at % t.length;
      if (op === "drop") t.splice(i, 1);
      else if (op === "dup") t.splice(i, 0, t[i] ?? noise);
      else if (op === "swap" && t.length > 1) [t[0], t[i]] = [t[i] ?? "", t[0] ?? ""];
      else if (op === "noise") t.splice(i, 0, noise);
      else if (op === "quote") t.splice(i, 1, `"${t[i] ?? ""}`);
      else t.splice(i, 1, (t[i] ?? "").replace(/\d+/, String(at)));
    }
    return t.join(" ");
  });

describe("the dispatcher under random and mutated input", () => {
  it("answers every line with a view, never an internal error, and a refusal changes no row", async () => {
    // The errors the core logs, so a failure says what went wrong.
    const logs = captureLogs("warn");
    const h = await createHarness({ logger: logs.logger });
    await seedFirm(h);
    await h.say("bob", 'assign @maria "Seed task" matter:M-1 due:"fri 5pm"');
    const counts = async () => {
      const [row] = await h.database.query<{ counts: string }>(
        `select concat_ws(',', ${[
          "firms",
          "people",
          "chat_identities",
          "matters",
          "matter_staff",
          "tasks",
          "submissions",
          "reviews",
          "audit_events",
          "outbox",
          "channels",
          "link_codes",
          "workspaces",
        ]
          // A professional's refused attempt is itself audited (access.refused): everything else stays put.
          .map((t) =>
            t === "audit_events"
              ? "(select count(*) from audit_events where action <> 'access.refused')"
              : `(select count(*) from ${t})`,
          )
          .join(", ")}) as counts`,
      );
      return row?.counts;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(mutatedLine, fc.string({ maxLength: 80 })),
        fc.constantFrom(...SPEAKERS),
        async (line, who) => {
          const before = await counts();
          logs.clear();
          const view = await h.say(who, line);
          expect(view.lines.join(" "), JSON.stringify({ who, line, logged: logs.logged() })).not.toMatch(
            /did not work on our side/,
          );
          if (view.tone === "error") {
            expect(view.lines).toHaveLength(1);
            expect(await counts()).toBe(before);
          }
        },
      ),
      { numRuns: 400 },
    );
  }, 120_000);
});
