import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import type { Command } from "../../src/domain/command.js";

describe("parseCommand: every command of the grammar", () => {
  const cases: [string, Command][] = [
    ["", { name: "help" }],
    ["   ", { name: "help" }],
    ["/delegate", { name: "help" }],
    ["help", { name: "help" }],
    ["HELP Assign", { name: "help", topic: "assign" }],
    ["/delegate help team add", { name: "help", topic: "team add" }],
    [
      'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
      { name: "setup", firm: "Smith & Lee LLP", tz: "America/New_York", rate: 300 },
    ],
    [
      "/delegate setup firm:“Smith & Lee LLP” tz:america/new_york rate:$312.50",
      { name: "setup", firm: "Smith & Lee LLP", tz: "America/New_York", rate: 312.5 },
    ],
    [
      'firm set firm:"Smith & Lee" tz:Europe/London rate:350 alerts:24h,2h est.document_review:3h est.legal_research:90m',
      {
        name: "firm set",
        firm: "Smith & Lee",
        tz: "Europe/London",
        rate: 350,
        alerts: [1440, 120],
        estimates: { document_review: 180, legal_research: 90 },
      },
    ],
    ["firm set alerts:2h,24h,2h", { name: "firm set", alerts: [1440, 120] }],
    ["firm set alerts:none", { name: "firm set", alerts: [] }],
    ["Firm Set est.Document-Review:1h30m", { name: "firm set", estimates: { document_review: 90 } }],
    [
      'team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 days:mon-fri delivery:offshore provider:"Acme LPO" nda:2026-01-15 nda-expires:2027-01-15 rate:300 cost:25',
      {
        name: "team add",
        user: { name: "maria" },
        role: "professional",
        tz: "Asia/Manila",
        hours: { start: 540, end: 1080 },
        days: ["mon", "tue", "wed", "thu", "fri"],
        delivery: "offshore",
        provider: "Acme LPO",
        nda: "2026-01-15",
        ndaExpires: "2027-01-15",
        rate: 300,
        cost: 25,
      },
    ],
    [
      "team add <@U123|dana> role:attorney email:Dana@Firm.example",
      { name: "team add", user: { id: "U123", name: "dana" }, role: "attorney", email: "dana@firm.example" },
    ],
    ["team add <@U9> role:admin", { name: "team add", user: { id: "U9" }, role: "admin" }],
    [
      "team set @maria active:no days:mon,wed,fri",
      { name: "team set", user: { name: "maria" }, active: false, days: ["mon", "wed", "fri"] },
    ],
    [
      'team set @"Maria Santos" active:YES role:attorney days:sat-sun hours:8:30-24:00',
      {
        name: "team set",
        user: { name: "Maria Santos" },
        active: true,
        role: "attorney",
        days: ["sat", "sun"],
        hours: { start: 510, end: 1440 },
      },
    ],
    [
      "team set @rhea hours:21:00-06:00",
      { name: "team set", user: { name: "rhea" }, hours: { start: 1260, end: 360 } },
    ],
    [
      "team set @x hours:00:00-24:00",
      { name: "team set", user: { name: "x" }, hours: { start: 0, end: 1440 } },
    ],
    [
      "team set @x days:fri-mon",
      { name: "team set", user: { name: "x" }, days: ["mon", "fri", "sat", "sun"] },
    ],
    ["team list", { name: "team list" }],
    [
      'matter add M-2024-118 "Smith v. Jones" client:"Smith" area:litigation',
      {
        name: "matter add",
        number: "M-2024-118",
        title: "Smith v. Jones",
        client: "Smith",
        area: "litigation",
      },
    ],
    ["matter add M-1 Intake", { name: "matter add", number: "M-1", title: "Intake" }],
    [
      "matter staff M-2024-118 @maria",
      { name: "matter staff", number: "M-2024-118", user: { name: "maria" } },
    ],
    [
      'assign @maria "Review deposition exhibits" matter:M-2024-118 due:"fri 5pm" est:3h type:document_review notes:"Focus on exhibits 4-9"',
      {
        name: "assign",
        user: { name: "maria" },
        title: "Review deposition exhibits",
        matter: "M-2024-118",
        due: { kind: "time", text: "fri 5pm" },
        estMinutes: 180,
        category: "document_review",
        notes: "Focus on exhibits 4-9",
      },
    ],
    [
      "assign <@U1|maria> “Draft motion” due:“tomorrow 9am” matter:M-7",
      {
        name: "assign",
        user: { id: "U1", name: "maria" },
        title: "Draft motion",
        matter: "M-7",
        due: { kind: "time", text: "tomorrow 9am" },
      },
    ],
    ["list", { name: "list", scope: "mine" }],
    ["list review", { name: "list", scope: "review" }],
    ["LIST Overdue", { name: "list", scope: "overdue" }],
    ["list all page:2", { name: "list", scope: "all", page: 2 }],
    ["show T-42", { name: "show", task: 42 }],
    ["show t-42", { name: "show", task: 42 }],
    ["show T42", { name: "show", task: 42 }],
    ["show T-2147483647", { name: "show", task: 2147483647 }],
    ["start T-42", { name: "start", task: 42 }],
    ["submit T-42", { name: "submit", task: 42 }],
    [
      'submit T-42 "https://dms.example.com/doc/9 see tab 3" spent:2.5h',
      { name: "submit", task: 42, notes: "https://dms.example.com/doc/9 see tab 3", spentMinutes: 150 },
    ],
    [
      "submit T-42 <https://dms.example.com/x> spent:45min",
      { name: "submit", task: 42, notes: "https://dms.example.com/x", spentMinutes: 45 },
    ],
    ["approve T-42", { name: "approve", task: 42 }],
    ['approve T-42 "Good work"', { name: "approve", task: 42, comment: "Good work" }],
    ['changes T-42 "Cite the 2019 ruling"', { name: "changes", task: 42, what: "Cite the 2019 ruling" }],
    [
      'changes T-42 "Cite the 2019 ruling" reason:citation',
      { name: "changes", task: 42, what: "Cite the 2019 ruling", reason: "citation" },
    ],
    [
      "changes T-42 fix reason:missed-issue",
      { name: "changes", task: 42, what: "fix", reason: "missed_issue" },
    ],
    ["reassign T-42 @sam", { name: "reassign", task: 42, user: { name: "sam" } }],
    ['due T-42 "mon 9am"', { name: "due", task: 42, due: "mon 9am" }],
    ["cancel T-42", { name: "cancel", task: 42 }],
    ['cancel T-42 "client settled"', { name: "cancel", task: 42, reason: "client settled" }],
    ["hours", { name: "hours", week: { kind: "this" } }],
    ["hours this", { name: "hours", week: { kind: "this" } }],
    ["hours last", { name: "hours", week: { kind: "last" } }],
    ["hours 2026-W48", { name: "hours", week: { kind: "iso", year: 2026, week: 48 } }],
    ["hours 2026-w53", { name: "hours", week: { kind: "iso", year: 2026, week: 53 } }],
    ["audit T-42", { name: "audit", task: 42 }],
    ["audit T-42 since:2026-11-01", { name: "audit", task: 42, since: "2026-11-01" }],
    ["audit @maria since:2026-11-01", { name: "audit", user: { name: "maria" }, since: "2026-11-01" }],
    ["audit tom", { name: "audit", user: { name: "tom" } }],
    ["audit @maria page:2", { name: "audit", user: { name: "maria" }, page: 2 }],
    ["audit T-42 since:2026-11-01 page:3", { name: "audit", task: 42, since: "2026-11-01", page: 3 }],
    ["audit verify", { name: "audit verify" }],
    ["AUDIT Verify", { name: "audit verify" }],
    ["audit @verify", { name: "audit", user: { name: "verify" } }],
    ["digest here", { name: "digest here" }],
    ["outbox", { name: "outbox" }],
    ["link", { name: "link" }],
    ["link ABCD-1234", { name: "link", code: "ABCD-1234" }],
  ];

  it.each(cases)("%s", (line, expected) => {
    expect(parseCommand(line)).toStrictEqual(expected);
  });
});
