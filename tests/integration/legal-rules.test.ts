import { beforeEach, describe, expect, it } from "vitest";
import { tasks } from "../../db/schema.js";
import { createHarness, type Harness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";

/*
 * Two rules a litigation partner plans by: work that needs a lawyer is never delegated (ABA Model
 * Rule 5.5), and court deadlines are counted in court days, with time kept for review.
 */
describe("lawyer-only work", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
  });

  it("refuses the assignment, naming the phrase and the rule, and changes nothing", async () => {
    const before = await rowCounts(h.database);
    const refused = await h.say(
      "bob",
      'assign @maria "Call Mr. Delgado and advise him whether to accept the 85k settlement offer" matter:M-1 due:"fri 5pm"',
    );
    expect(refused.tone).toBe("error");
    expect(refused.lines[0]).toContain('it needs a lawyer. Its title contains "advise him"');
    expect(refused.lines[0]).toContain("ABA Model Rule 5.5");
    expect(refused.fieldErrors?.title).toBe(refused.lines[0]);
    const inNotes = await h.say(
      "bob",
      'assign @maria "Prepare for the call" matter:M-1 due:"fri 5pm" notes:"then give the client legal advice"',
    );
    expect(inNotes.lines[0]).toContain('Its instructions contain "legal advice"');
    expect(inNotes.fieldErrors?.notes).toBeDefined();
    expect(await rowCounts(h.database)).toEqual(before);

    const fine = await h.say(
      "bob",
      'assign @maria "Index the exhibits and advise me when done" matter:M-1 due:"fri 5pm"',
    );
    expect(fine.tone).not.toBe("error");
  });

  it("follows the firm's own list, and checks it again on reassignment", async () => {
    expect(
      (await h.say("bob", 'assign @maria "Draft the will for Mrs. Lee" matter:M-2 due:"fri 5pm"')).tone,
    ).not.toBe("error");
    const set = await h.say("alice", 'firm set lawyer-only:"Draft the will, legal advice"');
    expect(set.lines).toEqual([
      "Firm settings updated: lawyer-only phrases.",
      "Lawyer-only phrases: draft the will, legal advice.",
    ]);
    expect(
      (await h.say("bob", 'assign @maria "Draft the will" matter:M-2 due:"fri 5pm"')).lines[0],
    ).toContain('"draft the will"');
    expect(
      (await h.say("bob", 'assign @maria "Call him and advise him" matter:M-2 due:"fri 5pm"')).tone,
    ).not.toBe("error");
    await h.say("alice", "team add @sam role:professional nda:2026-01-01");
    const reassigned = await h.say("bob", "reassign T-1 @sam");
    expect(reassigned.lines[0]).toContain("I can't reassign this to a professional: it needs a lawyer.");

    expect((await h.say("alice", "firm set lawyer-only:none")).lines[1]).toBe(
      "Lawyer-only phrases: none; no assignment is refused for its wording.",
    );
    expect((await h.say("bob", 'assign @maria "Draft the will" matter:M-2 due:"fri 5pm"')).tone).not.toBe(
      "error",
    );
    expect((await h.say("alice", "firm set lawyer-only:default")).lines[1]).toMatch(
      /^Lawyer-only phrases: the built-in list/,
    );
    expect((await h.say("bob", 'assign @maria "Legal advice memo" matter:M-2 due:"fri 5pm"')).tone).toBe(
      "error",
    );
    expect((await h.say("bob", 'firm set lawyer-only:"x y z"')).lines[0]).toBe(
      "Only admins can change the firm's settings.",
    );
  });
});

describe("court deadlines and holidays", () => {
  let h: Harness;
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };
  const dueOf = async (n: number) =>
    (await h.database.db.select().from(tasks)).find((t) => t.number === n)?.dueAt.toISOString();

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
  });

  it("plans the due time in court days before the deadline, skipping weekends and holidays", async () => {
    // Mon 28 Dec 2026; Fri 25 is Christmas: two court days before is Wed 23, 17:00 in New York.
    const assigned = await ok(
      "bob",
      'assign @maria "Cite-check the opposition" matter:M-1 court-deadline:2026-12-28 review:2d',
    );
    expect(await dueOf(1)).toBe("2026-12-23T22:00:00.000Z");
    expect(assigned.lines[1]).toBe(
      "Planned from the court deadline of Mon 28 Dec 2026, keeping 2 court days for your review: due at the end of the firm's working day.",
    );
    const shown = textOf(await ok("bob", "show T-1"));
    expect(shown).toContain("Due: Wed 23 Dec 2026, 5:00 PM EST");
    expect(shown).toContain("Court deadline: Mon 28 Dec 2026 (2 court days kept for review)");

    // review: defaults to one court day; a local closure is skipped too.
    await ok("alice", 'holiday add 2026-12-24 "Courthouse closed"');
    await ok("bob", 'assign @maria "Table of authorities" matter:M-1 court-deadline:2026-12-28');
    expect(await dueOf(2)).toBe("2026-12-23T22:00:00.000Z");
    await ok("alice", "firm set holidays:none");
    await ok("alice", "holiday remove 2026-12-24");
    await ok("bob", 'assign @maria "Exhibit binder" matter:M-1 court-deadline:2026-12-28');
    expect(await dueOf(3)).toBe("2026-12-25T22:00:00.000Z");
  });

  it("warns when a later due time eats into the review buffer, and refuses a plan that has already begun", async () => {
    await ok("bob", 'assign @maria "Cite-check" matter:M-1 court-deadline:2026-12-28 review:2d');
    const inBuffer = await ok("bob", 'due T-1 "2026-12-24 12:00"');
    expect(inBuffer.tone).toBe("warning");
    expect(inBuffer.lines).toContain(
      "Warning: that eats into the 2 court days kept for review before the court deadline of Mon 28 Dec 2026; the plan had it due Wed 23 Dec 2026, 5:00 PM EST.",
    );
    const after = await ok("bob", 'due T-1 "2026-12-29 9am"');
    expect(after.lines).toContain("Warning: that is after the court deadline itself (Mon 28 Dec 2026).");
    // Before the plan's due time: no word about the buffer.
    expect(textOf(await ok("bob", 'due T-1 "2026-12-22 17:00"'))).not.toMatch(/court deadline/);

    const before = await rowCounts(h.database);
    const begun = await h.say("bob", 'assign @maria "Late" matter:M-1 court-deadline:2026-12-03 review:3d');
    expect(begun.lines[0]).toMatch(
      /^With 3 court days kept for review before the court deadline of Thu 3 Dec 2026, the work would have been due Mon 30 Nov 2026, 5:00 PM EST, which has passed\./,
    );
    const past = await h.say("bob", 'assign @maria "Late" matter:M-1 court-deadline:2026-11-30');
    expect(past.lines[0]).toBe("The court deadline Mon 30 Nov 2026 has passed.");
    expect(await rowCounts(h.database)).toEqual(before);
  });

  it("lists, adds and removes holidays; only admins change them", async () => {
    expect((await h.say("bob", "holiday add 2026-12-24")).lines[0]).toBe(
      "Only admins can change the firm's court holidays.",
    );
    const added = await ok("alice", 'holiday add 2026-12-26 "Boxing Day"');
    expect(added.lines[1]).toBe("Note: it is a Saturday, which is never a court day anyway.");
    expect((await h.say("alice", "holiday add 2026-12-26")).lines[0]).toBe(
      "Sat 26 Dec 2026 is already one of the firm's holidays.",
    );
    const list = await ok("maria", "holiday list");
    const days = (list.items ?? []).map((i) => i.text);
    expect(days.slice(0, 3)).toEqual([
      "Fri 25 Dec 2026 · Christmas Day (US federal)",
      "Sat 26 Dec 2026 · Boxing Day (added with holiday add)",
      "Fri 1 Jan 2027 · New Year's Day (US federal)",
    ]);
    expect(days).toContain("Fri 18 Jun 2027 · Juneteenth National Independence Day (observed) (US federal)");
    expect((await h.say("alice", "holiday remove 2026-12-25")).lines[0]).toBe(
      "Fri 25 Dec 2026 is a US federal holiday (Christmas Day), not one added with holiday add. To count federal holidays as court days: firm set holidays:none",
    );
    await ok("alice", "holiday remove 2026-12-26");
    expect((await h.say("alice", "holiday remove 2026-12-26")).tone).toBe("error");
    await ok("alice", "firm set holidays:none");
    expect((await ok("maria", "holiday list")).lines).toEqual([
      "None from today on.",
      "US federal holidays are not counted (firm set holidays:us-federal turns them on).",
    ]);
  });
});
