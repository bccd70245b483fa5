import { describe, expect, it } from "vitest";
import type { UsageKey } from "../../src/commands/usage.js";
import { expectUsageError, parseRefusal } from "../support/parse-refusal.js";

describe("parseCommand: errors are one-line usage errors with the right usage", () => {
  const errors: [string, UsageKey, string][] = [
    // unknown command
    ["frobnicate", "help", 'Unknown command "frobnicate"'],
    ["asign @maria", "help", 'Did you mean "assign"?'],
    ['"quoted" first', "help", "Start with a command word"],
    ["team", "team add", "add, set, list"],
    ["team remove @x", "team set", "team set @x active:no"],
    ["team frobnicate @x", "team add", '(not "frobnicate")'],
    ["firm", "firm set", '"firm set"'],
    ["matter delete M-1", "matter add", "add, set, staff, unstaff, list, show"],
    ["digest", "digest here", '"digest here"'],
    // missing required arguments
    ["setup tz:UTC rate:300", "setup", 'setup needs firm:"Smith & Lee LLP"'],
    ['setup firm:"X" rate:300', "setup", "setup needs tz:America/New_York"],
    ['setup firm:"X" tz:UTC', "setup", "setup needs rate:300"],
    ["team add role:professional", "team add", "needs a person"],
    ["team add @maria", "team add", "team add needs role:professional"],
    ["team set @maria", "team set", "needs something to change"],
    ["firm set", "firm set", "needs something to change"],
    ["matter add", "matter add", "needs a matter number"],
    ["matter add M-1", "matter add", "needs a title"],
    ["matter staff M-1", "matter staff", "needs a person"],
    ['assign @maria "x" due:"fri 5pm"', "assign", "assign needs matter:M-2024-118"],
    ['assign @maria "x" matter:M-1', "assign", 'assign needs due:"fri 5pm"'],
    ["assign @maria matter:M-1 due:fri", "assign", "needs a title"],
    ['assign "Review" @maria matter:M-1 due:fri', "assign", "Expected a person"],
    ["show", "show", "needs a task number"],
    ["changes T-42", "changes", "needs what to fix"],
    ["changes T-42 reason:citation", "changes", "needs what to fix"],
    ["due T-42", "due", "needs a due time"],
    ["reassign T-42", "reassign", "needs a person"],
    ["audit", "audit", "needs a task or a person"],
    // unknown and repeated options, empty values
    ["show T-42 foo:bar", "show", "does not take the option foo:"],
    ['assign @m "x" matter:M-1 due:fri colour:red', "assign", "colour:"],
    ["setup Re:contract", "setup", "re:"],
    ["team add @m role:admin role:attorney", "team add", "role: is given twice"],
    ["firm set est.drafting:1h est.drafting:2h", "firm set", "est.drafting: is given twice"],
    ["firm set est.document-review:1h est.document_review:2h", "firm set", "given twice"],
    ['assign @m "x" matter: due:fri', "assign", "matter: has no value"],
    // bad values
    ["team add @m role:boss", "team add", 'role: must be one of admin, attorney, professional, not "boss"'],
    ['assign @m "x" matter:M-1 due:fri type:gardening', "assign", "type: must be one of intake"],
    ['changes T-1 "x" reason:mood', "changes", "reason: must be one of citation"],
    ["team add @m role:admin delivery:moon", "team add", "delivery: must be one of onshore"],
    ["team add @m role:admin nda:2026-02-30", "team add", "nda: wants a date"],
    ["team add @m role:admin nda:15/01/2026", "team add", "nda: wants a date"],
    ["team add @m role:admin nda:2026-01-15 nda-expires:2025-01-15", "team add", "must be after nda:"],
    ["setup firm:X tz:UTC rate:-5", "setup", "rate: must be a non-negative number"],
    ["setup firm:X tz:UTC rate:abc", "setup", "rate: must be a non-negative number"],
    ["team add @m role:admin cost:1e9", "team add", "cost: must be a non-negative number"],
    ["setup firm:X tz:Mars/Olympus rate:1", "setup", "tz: wants an IANA time zone"],
    ["setup firm:X tz:EST+5 rate:1", "setup", "tz: wants an IANA time zone"],
    ['assign @m "x" matter:M-1 due:fri est:3', "assign", "est: wants a duration"],
    ['assign @m "x" matter:M-1 due:fri est:0h', "assign", "est: wants a duration"],
    ['assign @m "x" matter:M-1 due:fri est:1001h', "assign", "est: wants a duration"],
    ["submit T-1 spent:soon", "submit", "spent: wants a duration"],
    ["firm set alerts:24h,soon", "firm set", "alerts: wants"],
    ["firm set est.gardening:1h", "firm set", 'Unknown task type "gardening"'],
    // Night shifts cross midnight; a shift that ends when it starts has no length.
    [
      "team add @m role:admin hours:09:00-09:00",
      "team add",
      '"09:00-09:00" starts and ends at the same time',
    ],
    ["team add @m role:admin hours:24:00-06:00", "team add", "hours: wants a start and an end"],
    ["team add @m role:admin hours:09:00-25:00", "team add", "hours: wants"],
    ["team add @m role:admin hours:9-5", "team add", "hours: wants"],
    ["team add @m role:admin days:weekdays", "team add", "days: wants"],
    ["team add @m role:admin days:mon-", "team add", "days: wants"],
    ["team add @m role:admin email:not-an-email", "team add", "email: wants an e-mail address"],
    ["team set @m active:maybe", "team set", "active: wants yes or no"],
    ["show T-0", "show", '"T-0" is not a task number'],
    ["show T-abc", "show", "is not a task number"],
    ["show T-99999999999", "show", "is not a task number"],
    ["show T-2147483648", "show", "is not a task number"],
    ["show #42", "show", "is not a task number"],
    ["audit T-x", "audit", "is not a task number"],
    [`matter add ${"M".repeat(65)} "x"`, "matter add", "is not a matter number"],
    ['matter add "M 1" "x"', "matter add", "is not a matter number"],
    ['assign @m "x" matter:"M 1" due:fri', "assign", "is not a matter number"],
    [`assign @m "${"t".repeat(201)}" matter:M-1 due:fri`, "assign", "too long"],
    ['approve T-1 ""', "approve", "empty"],
    ["list later", "list", "mine, review, overdue or all"],
    ["list all page:0", "list", "page: wants a page number"],
    ["hours 2026-W54", "hours", "hours wants this, last or an ISO week"],
    ["hours 2025-W53", "hours", "hours wants"],
    ["hours 2026-W0", "hours", "hours wants"],
    ["hours next", "hours", "hours wants"],
    ["audit T-1 since:yesterday", "audit", "since: wants a date"],
    ["audit verify since:2026-11-01", "audit verify", "audit verify does not take the option since:"],
    ["audit verify T-1", "audit verify", 'Unexpected "T-1" after audit verify'],
    ["audit @maria page:0", "audit", "page: wants a page number"],
    ["link ab", "link", "is not a link code"],
    // extra positionals
    ["show T-42 T-43", "show", 'Unexpected "T-43" after show'],
    ['assign @m "x" matter:M-1 due:fri 5pm', "assign", "Put text with spaces in quotes"],
    ["team list everyone", "team list", 'Unexpected "everyone"'],
    ['approve T-1 "ok" "really"', "approve", 'Unexpected "really"'],
    ["matter staff M-1 @a @b", "matter staff", 'Unexpected "@b"'],
    ["outbox now", "outbox", "Unexpected"],
    ["setup extra", "setup", "Unexpected"],
    // tokenizer errors take the usage of the command they start with
    ['approve T-1 "unterminated', "approve", "A quote is not closed"],
    ['team add @m provider:"Acme', "team add", "A quote is not closed"],
    ['nope "x', "help", "A quote is not closed"],
    // size cap
    [`help ${"x".repeat(4001)}`, "help", "too long"],
  ];

  it.each(errors)("%s", (line, key, fragment) => {
    expectUsageError(line, key, fragment);
  });

  it("quotes a multi-line value on one line in the message", () => {
    const e = parseRefusal('assign @m "x" matter:M-1 due:fri type:"a\nb"');
    expect(e.message).toBe(
      'type: must be one of intake, document_review, legal_research, drafting, scheduling, filing, case_management, other, not "a b".',
    );
  });
});
