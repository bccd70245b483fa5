import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, matterStaff, tasks } from "../../db/schema.js";
import { createHarness, type Harness, rowCounts, seedFirm } from "../support/core-harness.js";

const ASSIGN_USAGE =
  'assign @user "title" matter:M-2024-118 due:"fri 5pm" [est:3h] [type:document_review] [notes:"…"]';

describe("assignment rules", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
  });

  /** Says `text` as `user`, expects a one-line error containing `message`, and no row changed. */
  const refused = async (user: string, text: string, message: string | RegExp) => {
    const before = await rowCounts(h.database);
    const view = await h.say(user, text);
    expect(view.tone).toBe("error");
    expect(view.lines).toHaveLength(1);
    expect(view.lines[0]).not.toContain("\n");
    expect(view.lines[0]).toMatch(message);
    expect(await rowCounts(h.database)).toEqual(before);
    return view;
  };

  it("refuses a professional with no NDA, saying why", async () => {
    const view = await refused(
      "bob",
      'assign @dev "Draft" matter:M-1 due:"fri 5pm"',
      "dev has no NDA on file",
    );
    expect(view.usage).toBe(ASSIGN_USAGE);
  });

  it("refuses a professional whose NDA has expired", async () => {
    await h.say("alice", "team set @maria nda-expires:2026-11-30");
    await refused(
      "bob",
      'assign @maria "Draft" matter:M-1 due:"fri 5pm"',
      "maria's NDA expired on 2026-11-30",
    );
  });

  it("accepts an NDA that expires today, and refuses it the day after", async () => {
    await h.say("alice", "team set @maria nda-expires:2026-12-01");
    expect((await h.say("bob", 'assign @maria "Draft" matter:M-1 due:"fri 5pm"')).tone).not.toBe("error");
    // 05:00Z on 2 Dec is still 1 Dec in New York: the firm's calendar decides.
    h.clock.set("2026-12-02T04:59:00Z");
    expect((await h.say("bob", 'assign @maria "Draft 2" matter:M-1 due:"fri 5pm"')).tone).not.toBe("error");
    h.clock.set("2026-12-02T05:01:00Z");
    await refused("bob", 'assign @maria "Draft 3" matter:M-1 due:"fri 5pm"', "NDA expired on 2026-12-01");
  });

  it("refuses an inactive professional", async () => {
    await h.say("alice", "team set @maria active:no");
    await refused("bob", 'assign @maria "Draft" matter:M-1 due:"fri 5pm"', "maria is inactive");
  });

  it("refuses assigning to an attorney", async () => {
    await refused("bob", 'assign @carol "Draft" matter:M-1 due:"fri 5pm"', "carol is not a professional");
  });

  it("refuses professionals who try to assign", async () => {
    await refused(
      "maria",
      'assign @maria "Draft" matter:M-1 due:"fri 5pm"',
      "Only attorneys and admins can assign work.",
    );
  });

  it("staffs the assignee on the matter, audited, once", async () => {
    await h.say("bob", 'assign @maria "Draft" matter:M-1 due:"fri 5pm"');
    await h.say("bob", 'assign @maria "Draft again" matter:M-1 due:"fri 5pm"');
    expect(await h.database.db.select().from(matterStaff)).toHaveLength(1);
    const staffed = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "matter.staffed"));
    expect(staffed).toHaveLength(1);
    expect(staffed[0]?.detail).toEqual({ via: "assign" });
  });

  it("numbers tasks T-1, T-2, … per firm", async () => {
    await h.say("bob", 'assign @maria "One" matter:M-1 due:"fri 5pm"');
    await h.say("bob", 'assign @maria "Two" matter:M-2 due:"fri 5pm"');
    const numbers = (await h.database.db.select({ n: tasks.number }).from(tasks)).map((r) => r.n).sort();
    expect(numbers).toEqual([1, 2]);
  });

  describe("bad input is a clear one-line error and changes nothing", () => {
    it("a due time in the past", () =>
      refused("bob", 'assign @maria "Draft" matter:M-1 due:"2026-11-30 17:00"', /in the past/));
    it("an unreadable due time", () =>
      refused(
        "bob",
        'assign @maria "Draft" matter:M-1 due:"whenever"',
        /could not read "whenever" as a due time/,
      ));
    it("an unknown matter", () =>
      refused("bob", 'assign @maria "Draft" matter:M-404 due:"fri 5pm"', "Matter M-404 not found"));
    it("an unknown person", () =>
      refused(
        "bob",
        'assign @nobody "Draft" matter:M-1 due:"fri 5pm"',
        "I don't know @nobody at Smith & Lee LLP",
      ));
    it("a malformed task number", () => refused("bob", "show T-abc", /task number/));
    it("an unknown option", () =>
      refused("bob", 'assign @maria "Draft" matter:M-1 due:"fri 5pm" colour:red', /colour/));
    it("a missing title", () => refused("bob", 'assign @maria matter:M-1 due:"fri 5pm"', /title/i));
    it("an unknown command", () => refused("bob", "frobnicate T-1", /help/));
  });

  it("warns, in the assignee's local time, when the due time falls outside their working hours", async () => {
    // Fri 5pm in New York is Sat 6:00 AM in Manila.
    const view = await h.say("bob", 'assign @maria "Draft" matter:M-1 due:"fri 5pm"');
    expect(view.tone).toBe("warning");
    expect(view.lines.join("\n")).toContain("Sat 5 Dec 2026, 6:00 AM");
    expect(view.lines.join("\n")).toContain("outside maria's working hours");
  });
});
