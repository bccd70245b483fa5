import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import { type UsageKey, usageOf } from "../../src/commands/usage.js";
import type { Command } from "../../src/domain/command.js";
import { expectUsageError, parseRefusal } from "../support/parse-refusal.js";

/*
 * The grammar of access, supervision and figures: matters' restrictions and consent, away/cover,
 * acknowledgement, questions, time logs, court deadlines, review time, quality, exports, packets.
 */
describe("parseCommand: access, supervision and figures", () => {
  const cases: [string, Command][] = [
    [
      'firm set currency:eur ack-within:4h markup-limit:3 require-consent:yes holidays:us-federal lawyer-only:"Legal advice, advise the client"',
      {
        name: "firm set",
        currency: "EUR",
        ackWithinMinutes: 240,
        markupLimit: 3,
        requireConsent: true,
        holidays: "us-federal",
        lawyerOnly: ["legal advice", "advise the client"],
      },
    ],
    [
      "firm set markup-limit:none lawyer-only:default",
      { name: "firm set", markupLimit: null, lawyerOnly: null },
    ],
    ["firm set lawyer-only:none", { name: "firm set", lawyerOnly: [] }],
    [
      "firm set utbms.document_review:l320 utbms.filing:L440",
      { name: "firm set", utbms: { document_review: "L320", filing: "L440" } },
    ],
    [
      'holiday add 2026-12-24 "Christmas Eve"',
      { name: "holiday add", date: "2026-12-24", label: "Christmas Eve" },
    ],
    ["holiday add 2026-12-24", { name: "holiday add", date: "2026-12-24" }],
    ["holiday remove 2026-12-24", { name: "holiday remove", date: "2026-12-24" }],
    ["holiday list", { name: "holiday list" }],
    [
      "team add @joy role:professional cost:25 bill:60",
      { name: "team add", user: { name: "joy" }, role: "professional", cost: 25, bill: 60 },
    ],
    [
      "away @raj until:2026-12-18 cover:@kim",
      { name: "away", user: { name: "raj" }, until: "2026-12-18", cover: { name: "kim" } },
    ],
    [
      "away <@U1|raj> until:2026-12-18 cover:<@U2|Kim Lee>",
      {
        name: "away",
        user: { id: "U1", name: "raj" },
        until: "2026-12-18",
        cover: { id: "U2", name: "Kim Lee" },
      },
    ],
    [
      'away @raj until:2026-12-18 cover:@"Kim Lee"',
      { name: "away", user: { name: "raj" }, until: "2026-12-18", cover: { name: "Kim Lee" } },
    ],
    ["away @raj off", { name: "away", user: { name: "raj" }, off: true }],
    [
      'matter set M-1 delivery:onshore,nearshore consent:2026-11-20 consent-ref:"engagement letter §7" bill:cost',
      {
        name: "matter set",
        number: "M-1",
        delivery: ["onshore", "nearshore"],
        consent: "2026-11-20",
        consentRef: "engagement letter §7",
        bill: "cost",
      },
    ],
    [
      "matter set M-1 delivery:all consent:none",
      { name: "matter set", number: "M-1", delivery: null, consent: null },
    ],
    ["matter unstaff M-1 @joy", { name: "matter unstaff", number: "M-1", user: { name: "joy" } }],
    ["matter list", { name: "matter list" }],
    ["matter show M-2024-118", { name: "matter show", number: "M-2024-118" }],
    [
      'assign @joy "Chronology" matter:M-1 court-deadline:2026-12-28 review:2d',
      {
        name: "assign",
        user: { name: "joy" },
        title: "Chronology",
        matter: "M-1",
        due: { kind: "court", deadline: "2026-12-28", reviewDays: 2 },
      },
    ],
    [
      'assign @joy "Chronology" matter:M-1 court-deadline:2026-12-28',
      {
        name: "assign",
        user: { name: "joy" },
        title: "Chronology",
        matter: "M-1",
        due: { kind: "court", deadline: "2026-12-28", reviewDays: 1 },
      },
    ],
    [
      'assign @joy "Chronology" matter:M-1 due: "fri 5pm"',
      {
        name: "assign",
        user: { name: "joy" },
        title: "Chronology",
        matter: "M-1",
        due: { kind: "time", text: "fri 5pm" },
      },
    ],
    ["ack T-8", { name: "ack", task: 8 }],
    ['ask T-8 "Which custodians?"', { name: "ask", task: 8, text: "Which custodians?" }],
    ["log T-8 1.5h", { name: "log", task: 8, minutes: 90 }],
    [
      'log T-8 90m "first pass on exhibits"',
      { name: "log", task: 8, minutes: 90, note: "first pass on exhibits" },
    ],
    ['approve T-2 "ok" review:45m', { name: "approve", task: 2, comment: "ok", reviewMinutes: 45 }],
    [
      'changes T-2 "fix the privilege calls" reason:privilege review:30m',
      { name: "changes", task: 2, what: "fix the privilege calls", reason: "privilege", reviewMinutes: 30 },
    ],
    ["quality", { name: "quality" }],
    ["quality @joy since:2026-10-01", { name: "quality", user: { name: "joy" }, since: "2026-10-01" }],
    ['quality provider:"Acme LPO"', { name: "quality", provider: "Acme LPO" }],
    ["export billing", { name: "export", kind: "billing", period: { kind: "last" } }],
    [
      "export ledes 2026-12",
      { name: "export", kind: "ledes", period: { kind: "month", year: 2026, month: 12 } },
    ],
    [
      "export hours 2026-W48",
      { name: "export", kind: "hours", period: { kind: "iso", year: 2026, week: 48 } },
    ],
    ["packet @maria", { name: "packet", user: { name: "maria" } }],
    [
      "packet @maria since:2026-11-01 until:2026-11-30",
      { name: "packet", user: { name: "maria" }, since: "2026-11-01", until: "2026-11-30" },
    ],
    ["packet M-2024-118", { name: "packet", matter: "M-2024-118" }],
    ["audit verify", { name: "audit verify" }],
    ["AUDIT Verify", { name: "audit verify" }],
    ["audit T-42", { name: "audit", task: 42 }],
  ];

  it.each(cases)("%s", (line, expected) => {
    expect(parseCommand(line)).toStrictEqual(expected);
  });
});

describe("parseCommand: refusals of the new grammar say how to fix them", () => {
  const errors: [string, UsageKey, string][] = [
    ["firm set currency:dollars", "firm set", "ISO 4217"],
    ["firm set markup-limit:0.5", "firm set", "from 1 to 100"],
    ["firm set holidays:uk", "firm set", "us-federal or none"],
    ["firm set utbms.nonsense:L100", "firm set", 'Unknown task type "nonsense"'],
    ["firm set utbms.filing:320", "firm set", "UTBMS code like L320"],
    ["holiday add 24/12/2026", "holiday add", "YYYY-MM-DD"],
    ["away @raj until:2026-12-18", "away", "cover:@someone"],
    ["away @raj cover:@kim", "away", "until:"],
    ["away @raj off until:2026-12-18", "away", "takes no until:"],
    ["away @raj cover:@kim @lee until:2026-12-18", "away", 'Expected off, not "@lee"'],
    ["matter set M-1", "matter set", "needs something to change"],
    ["matter set M-1 delivery:moon", "matter set", "onshore, nearshore, offshore"],
    ["matter set M-1 bill:free", "matter set", "rate, cost, none"],
    ["matter show", "matter show", "needs a matter number"],
    ['assign @joy "x" matter:M-1', "assign", 'due:"fri 5pm"'],
    ['assign @joy "x" matter:M-1 due:fri court-deadline:2026-12-28', "assign", "not both"],
    ['assign @joy "x" matter:M-1 due:fri review:2d', "assign", "goes with court-deadline:"],
    ['assign @joy "x" matter:M-1 court-deadline:2026-12-28 review:45d', "assign", "0 to 30"],
    ["log T-8", "log", "needs the time worked"],
    ["log T-8 lots", "log", "duration like 3h"],
    ["ask T-8", "ask", "needs your question"],
    ["approve T-2 review:soon", "approve", "duration like 3h"],
    ["quality @joy provider:Acme", "quality", "not both"],
    ["export payroll", "export", "hours, billing or ledes"],
    ["export billing 2026-13", "export", "month like 2026-12"],
    ["packet", "packet", "needs a person or a matter"],
    ["packet M-1 since:2026-11-01", "packet", "takes no since:"],
    ["packet @maria since:2026-11-30 until:2026-11-01", "packet", "must not be before"],
    ["audit verify now", "audit verify", "Unexpected"],
  ];

  it.each(errors)("%s", (line, key, fragment) => {
    expectUsageError(line, key, fragment);
  });

  it("names the command in the usage of a line too long to read", () => {
    expect(parseRefusal(`assign @joy "${"x".repeat(5000)}"`).usage).toBe(usageOf("assign"));
  });
});
