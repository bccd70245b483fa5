import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { people } from "../../db/schema.js";
import { AUDIT_PAGE_SIZE } from "../../src/services/audit-trail.js";
import { recordAudit } from "../../src/services/record-audit.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";

/** `audit @person` shows the latest page, newest last, and says how to reach older events. */
describe("audit @person and audit T-n", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    const [maria] = await h.database.db.select().from(people).where(eq(people.displayName, "maria"));
    const start = h.clock.now().getTime();
    // 60 refused attempts by maria, a minute apart, after "person.added" (her first): 61 in all.
    await recordAudit(
      h.database.db,
      Array.from({ length: 60 }, (_, i) => ({
        firmId: maria?.firmId ?? "",
        at: new Date(start + (i + 1) * 60_000),
        actorId: maria?.id ?? null,
        action: "access.refused" as const,
        detail: { via: "show", task: `T-${100 + i + 1}` },
      })),
    );
  });

  it("shows the latest events first page, newest last, and says how to reach older ones", async () => {
    expect(AUDIT_PAGE_SIZE).toBe(50);
    const latest = await h.say("alice", "audit @maria");
    expect(latest.title).toBe("Audit trail of maria");
    expect(latest.lines).toEqual(["The latest 50 of 61 events, newest last."]);
    expect(latest.more).toEqual({ label: "More", command: "audit @maria page:2" });
    const items = latest.items?.map((i) => i.text) ?? [];
    expect(items).toHaveLength(50);
    expect(items[0]).toMatch(/ · maria was refused: show T-111 \(not theirs to see\)\.$/);
    expect(items[49]).toMatch(/ · maria was refused: show T-160 \(not theirs to see\)\.$/);

    const older = await h.say("alice", "audit @maria page:2");
    expect(older.lines).toEqual(["Events 51–61 counting back from the latest, of 61; newest last."]);
    expect(older.more).toBeUndefined();
    const olderItems = older.items?.map((i) => i.text) ?? [];
    expect(olderItems).toHaveLength(11);
    expect(olderItems[0]).toMatch(/ · alice added maria as professional \(NDA signed .*\)\.$/);
    expect(olderItems[10]).toMatch(/ · maria was refused: show T-110 \(not theirs to see\)\.$/);

    expect((await h.say("alice", "audit @maria page:3")).lines).toEqual([
      "There are 61 events, on pages 1–2; page 3 is empty.",
    ]);
  });

  it("narrows to events since a date, and shows a short trail whole", async () => {
    // Events 1–60 fall on Tue 1 Dec (New York); since the next day, nothing.
    expect((await h.say("alice", "audit @maria since:2026-12-02")).lines).toEqual(["No events."]);
    expect((await h.say("alice", "audit @bob")).lines).toEqual(["1 event."]);
    expect((await h.say("bob", 'assign @maria "Review" matter:M-1 due:"fri 5pm"')).tone).not.toBe("error");
    const task = await h.say("bob", "audit T-1");
    expect(task.lines).toEqual(["1 event."]);
    expect(task.items?.[0]?.text).toMatch(
      /^#\d+ · .* · bob assigned T-1 on M-1 to maria, due Fri 4 Dec 2026, 5:00 PM EST\.$/,
    );
  });

  it("lets an attorney read the trail of a professional whose work they supervise, and their own", async () => {
    // Nothing of bob's yet: maria's trail is refused to him, with what he may read instead.
    const before = await h.say("bob", "audit @maria");
    expect(before.tone).toBe("error");
    expect(before.lines[0]).toBe(
      "You supervise no work of maria's, so only an admin can read their audit trail. You can read yours (audit @bob), that of professionals whose work you supervise, and any task's (audit T-n).",
    );
    expect((await h.say("bob", "audit @bob")).tone).not.toBe("error");
    expect((await h.say("bob", 'assign @maria "Review" matter:M-1 due:"fri 5pm"')).tone).not.toBe("error");
    const trail = await h.say("bob", "audit @maria");
    expect(trail.title).toBe("Audit trail of maria");
    expect(trail.lines[0]).toBe("The latest 50 of 63 events, newest last.");
    // Added, staffed, assigned, then her 60 refused attempts (beforeEach, later that day).
    const older = (await h.say("bob", "audit @maria page:2")).items?.map((i) => i.text) ?? [];
    expect(older.filter((t) => / · bob assigned T-1 on M-1 to maria, due /.test(t))).toHaveLength(1);
    // Another attorney, who supervises none of her work, is refused; so is an attorney's trail.
    expect((await h.say("carol", "audit @maria")).lines[0]).toMatch(/^You supervise no work of maria's/);
    expect((await h.say("carol", "audit @bob")).lines[0]).toMatch(
      /^Only an admin can read bob's audit trail\. You can read yours \(audit @carol\)/,
    );
    // A professional reads no one's, not even her own.
    expect((await h.say("maria", "audit @maria")).lines[0]).toBe(
      "Only attorneys and admins can read a person's audit trail.",
    );
  });

  it("keeps it after the work is reassigned away, and gives it to a cover while she decides", async () => {
    await h.say("alice", "team set @dev nda:2026-01-01");
    expect((await h.say("bob", 'assign @maria "Review" matter:M-1 due:"fri 5pm"')).tone).not.toBe("error");
    expect((await h.say("bob", "reassign T-1 @dev")).tone).not.toBe("error");
    // maria held T-1 once: bob still supervises work of hers.
    expect((await h.say("bob", "audit @maria")).tone).not.toBe("error");
    expect((await h.say("carol", "audit @dev")).tone).toBe("error");
    expect((await h.say("bob", "away @bob until:2026-12-04 cover:@carol")).tone).not.toBe("error");
    expect((await h.say("carol", "audit @dev")).tone).not.toBe("error");
    expect((await h.say("bob", "away @bob off")).tone).not.toBe("error");
    expect((await h.say("carol", "audit @dev")).tone).toBe("error");
  });
});
