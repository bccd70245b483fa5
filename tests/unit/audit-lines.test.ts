import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "../../src/domain/audit-actions.js";
import { AUDIT_SENTENCES, auditSentence } from "../../src/views/audit-lines.js";
import type { AuditFacts } from "../../src/views/audit-words.js";

/** Every audit line is read aloud: no `key=value`, no camelCase or snake_case names, no code leftovers. */
const INTERNAL = [
  /=/,
  /\b[a-z]+[A-Z][A-Za-z]*\b/, // camelCase: spentMinutes, hasReason
  /\b[a-z]+_[a-z_]+\b/, // snake_case: in_progress, nda_expired
  /\[object/,
  /\bundefined\b/,
  /\bnull\b/,
  /\bNaN\b/,
  /\b(task|matter|person|firm|link|access|audit|packet|export|digest|workspace)\.[a-z]/, // an action name
  /\b[0-9a-f]{8}-[0-9a-f]{4}-/, // a raw id
];

const plainWords = (line: string): void => {
  for (const bad of INTERNAL) expect(line, `${bad} in: ${line}`).not.toMatch(bad);
  expect(line).toMatch(/\.$/);
  expect(line).not.toMatch(/\.\.$/);
};

const BOB = "8a1b2c3d-0000-4000-8000-000000000001";
const reader = { tz: "America/Chicago", names: new Map([[BOB, "bob"]]) };
const base: Omit<AuditFacts, "action" | "detail"> = {
  actor: "carol",
  subject: "maria",
  task: 7,
  matter: "M-2024-118",
};
const line = (action: string, detail: Record<string, unknown> = {}, over: Partial<AuditFacts> = {}) =>
  auditSentence({ ...base, action, detail, ...over }, reader);

describe("audit lines in plain words", () => {
  it("has a sentence for every event type Delegate writes", () => {
    expect(Object.keys(AUDIT_SENTENCES).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });

  it.each([
    [
      "task.assigned",
      { status: "assigned", version: 1, dueAt: "2026-12-04T23:00:00Z", category: "document_review" },
      "carol assigned T-7 on M-2024-118 to maria, due Fri 4 Dec 2026, 5:00 PM CST.",
    ],
    [
      "task.in_progress",
      { from: "assigned", to: "in_progress", round: 0, version: 2 },
      "carol started work on T-7.",
    ],
    [
      "task.in_progress",
      { from: "changes_requested", to: "in_progress", round: 1, version: 5 },
      "carol resumed work on T-7.",
    ],
    [
      "task.submitted",
      { from: "in_progress", to: "submitted", round: 1, version: 3, spentMinutes: 210 },
      "carol submitted T-7 for review (round 1, 3.5h worked).",
    ],
    [
      "task.changes_requested",
      {
        from: "submitted",
        to: "changes_requested",
        round: 1,
        reason: "missed_issue",
        coveredFor: BOB,
        reviewMinutes: 20,
      },
      "carol (covering for bob) asked for changes to T-7 (round 1, reason: missed issue, review took 20m).",
    ],
    ["task.approved", { round: 2, version: 7 }, "carol approved T-7 (round 2)."],
    ["task.cancelled", { hasReason: true, round: 0 }, "carol cancelled T-7, giving a reason."],
    [
      "task.reassigned",
      { from: BOB, status: "assigned", version: 2 },
      "carol reassigned T-7 from bob to maria.",
    ],
    [
      "task.due_changed",
      { from: "2026-12-04T23:00:00Z", to: "2026-12-07T15:00:00Z", version: 3 },
      "carol moved the due time of T-7 from Fri 4 Dec 2026, 5:00 PM CST to Mon 7 Dec 2026, 9:00 AM CST.",
    ],
    ["task.time_logged", { minutes: 90, round: 0 }, "carol logged 1.5h on T-7."],
    ["task.acknowledged", { via: "log" }, "carol acknowledged T-7 by logging time."],
    [
      "task.listed",
      { via: "list", scope: "all", tasks: { "M-1": ["T-1", "T-2"], "M-2": ["T-5"] } },
      "carol listed 3 tasks (list all): T-1 and T-2 on M-1; T-5 on M-2.",
    ],
    [
      "person.added",
      { role: "professional", platform: "console", nda: { signed: "2026-01-01", expires: null } },
      "carol added maria as professional (NDA signed Thu 1 Jan 2026, no expiry).",
    ],
    [
      "person.updated",
      {
        changes: ["NDA signed Mon 1 Mar 2027 (was Thu 1 Jan 2026)"],
        nda: { signed: "2027-03-01", expires: null },
      },
      "carol updated maria: NDA signed Mon 1 Mar 2027 (was Thu 1 Jan 2026).",
    ],
    ["firm.created", { tz: "Asia/Manila" }, "carol set up the firm, on Manila time."],
    [
      "matter.listed",
      { via: "matter list", matters: ["M-1", "M-2"] },
      "carol listed their matters: M-1 and M-2.",
    ],
    [
      "firm.updated",
      { changed: ["alerts", "estimates"] },
      "carol changed the firm's settings: alerts; estimates.",
    ],
    [
      "matter.unstaffed",
      { reason: "nda_expired" },
      "carol ended maria's access to matter M-2024-118 (their NDA expired).",
    ],
    ["access.refused", { via: "show", reason: "nda_expired" }, "carol was refused: show T-7 (NDA expired)."],
    ["audit.verified", { intact: true, events: 1 }, "carol checked the audit trail: 1 event, intact."],
  ])("%s reads as a sentence", (action, detail, expected) => {
    expect(line(action, detail)).toBe(expected);
    plainWords(line(action, detail));
  });

  it("names Delegate when no one did it, and an unknown event type in words", () => {
    expect(line("matter.unstaffed", { reason: "nda_expired" }, { actor: null })).toBe(
      "maria's access to matter M-2024-118 ended (their NDA expired).",
    );
    expect(line("test.event_11", { x: 1 }, { actor: null, task: null, subject: null })).toBe(
      "Delegate: test event 11.",
    );
  });

  /** Values of every shape under the keys events use, and under keys they never use. */
  const KEYS = [
    "via",
    "reason",
    "from",
    "to",
    "round",
    "version",
    "status",
    "dueAt",
    "category",
    "spentMinutes",
    "hasReason",
    "coveredFor",
    "coveredBy",
    "reviewMinutes",
    "minutes",
    "formerAssignee",
    "committedDue",
    "courtDeadline",
    "reviewDays",
    "until",
    "day",
    "tz",
    "platform",
    "workspace",
    "user",
    "role",
    "nda",
    "intact",
    "events",
    "problem",
    "seq",
    "kind",
    "period",
    "tasks",
    "file",
    "sha256",
    "bytes",
    "since",
    "accessEndedAt",
    "scope",
    "changes",
    "changed",
    "someOtherKey",
    "snake_key",
  ];
  const plainText = fc.stringMatching(/^[A-Z][a-z]{1,8}( [a-z]{1,8}){0,3}$/);
  const value = fc.oneof(
    fc.constantFrom(
      "in_progress",
      "changes_requested",
      "nda_expired",
      "missed_issue",
      "document_review",
      "someValue",
      "2026-12-04T23:00:00Z",
      "2026-12-04",
      "not a date",
      "",
      BOB,
      "slack",
      "teams",
      "list",
      "show",
    ),
    fc.integer({ min: -5, max: 100_000 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(plainText, { maxLength: 3 }),
    fc.record({
      signed: fc.constantFrom("2026-01-01", null, "x"),
      expires: fc.constantFrom("2027-01-01", null),
    }),
    fc.dictionary(
      fc.constantFrom("M-1", "M-2", ""),
      fc.array(fc.constantFrom("T-1", "T-22"), { maxLength: 3 }),
    ),
    fc.object({ maxDepth: 1 }),
  );

  it("every event type, with any detail, reads without internal names", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...AUDIT_ACTIONS),
        fc.dictionary(fc.constantFrom(...KEYS), value),
        fc.option(fc.constantFrom("bob", "Mary Ann"), { nil: null }),
        fc.option(fc.constantFrom("maria", "dev"), { nil: null }),
        fc.option(fc.integer({ min: 1, max: 9999 }), { nil: null }),
        fc.option(fc.constantFrom("M-1", "M-2024-118"), { nil: null }),
        (action, detail, actor, subject, task, matter) => {
          plainWords(auditSentence({ action, detail, actor, subject, task, matter }, reader));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
