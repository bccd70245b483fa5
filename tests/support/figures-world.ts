import { expect } from "vitest";
import { createHarness, type Harness, seedFirm } from "./core-harness.js";

/**
 * A hand-computed week of approved work, 2026-W49 (Mon 30 Nov to Mon 7 Dec, New York), on top of
 * seedFirm: bob bills 400/h, carol has no rate (the firm's 300), alice (admin) 300. maria (Acme
 * LPO) costs 25/h and bills 60/h; dev (Andes Legal) costs 30/h and bills 75/h. M-1 is billed at
 * bill rates.
 *
 *  T-1 bob/maria   est 3h; maria submits 2h; bob approves with 45m of review
 *                  → 2.25 h recovered, value 900.00; cost 50.00, billed 120.00; on time, first pass
 *  T-2 carol/maria legal research (built-in 4h); maria submits 1h; carol sends it back (citation,
 *                  30m review); reassigned to dev, who submits 2h after the due time; carol approves
 *                  (30m) → 3 h, value 900.00; cost 25 + 60 = 85.00, billed 60 + 150 = 210.00; late, round 2
 *  T-3 bob/maria   est 2h; approved with no time logged → 2 h, value 800.00; flagged
 *
 * Firm: 7.25 h recovered of 9 h saved (1.75 h review) over 3 tasks; value 2,600.00, cost 135.00,
 * billed 330.00, value less cost 2,465.00; attorneys' time 3 × 45 h = 135 h (5.4%).
 */
export const figuresWeek = async (): Promise<Harness> => {
  const h = await createHarness({ now: "2026-11-30T14:00:00Z" });
  await seedFirm(h);
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
  };
  const at = async (iso: string, user: string, text: string) => {
    h.clock.set(iso);
    await ok(user, text);
  };
  await ok("alice", "team set @maria bill:60");
  await ok("alice", 'team set @dev nda:2026-01-01 bill:75 provider:"Andes Legal"');
  await ok(
    "bob",
    'assign @maria "Review the Smith production" matter:M-1 due:"2026-12-02 17:00" est:3h type:document_review',
  );
  await ok(
    "carol",
    'assign @maria "Research the limitation period" matter:M-1 due:"2026-12-02 17:00" type:legal_research',
  );
  await ok("bob", 'assign @maria "=cmd|calc!A1" matter:M-1 due:"2026-12-04 17:00" est:2h');
  await at("2026-12-01T15:00:00Z", "maria", "submit T-1 spent:2h");
  await at("2026-12-01T16:00:00Z", "bob", 'approve T-1 "Thanks" review:45m');
  await at("2026-12-01T17:00:00Z", "maria", "submit T-2 spent:1h");
  await at("2026-12-01T18:00:00Z", "carol", 'changes T-2 "pin cites" reason:citation review:30m');
  await at("2026-12-01T19:00:00Z", "carol", "reassign T-2 @dev");
  await at("2026-12-03T15:00:00Z", "dev", "submit T-2 spent:2h");
  await at("2026-12-03T16:00:00Z", "carol", "approve T-2 review:30m");
  await at("2026-12-04T15:00:00Z", "maria", "submit T-3");
  await at("2026-12-04T16:00:00Z", "bob", "approve T-3");
  h.clock.set("2026-12-07T14:00:00Z");
  return h;
};

/** Every rate, estimate, billing mode and setting changed after the approvals. */
export const changeEverything = async (h: Harness): Promise<void> => {
  const steps: [string, string][] = [
    ["alice", "team set @bob rate:999 hours:07:00-21:00 days:mon-sun"],
    ["alice", "team set @carol rate:888"],
    ["alice", 'team set @maria cost:40 bill:90 provider:"Other LPO"'],
    ["alice", 'team set @dev cost:50 bill:100 provider:"Another LPO"'],
    ["alice", "matter set M-1 bill:none"],
    [
      "alice",
      "firm set rate:500 est.legal_research:9h est.document_review:9h currency:EUR utbms.document_review:L330 utbms.legal_research:L390 markup-limit:3",
    ],
  ];
  for (const [user, text] of steps) {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
  }
};
