import { beforeEach, describe, expect, it } from "vitest";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, seedFirm, textOf } from "../support/core-harness.js";
import { openSecondConnection } from "../support/test-database.js";

/*
 * Deadline alerts against a controlled clock. The seed firm is in New York; maria works
 * 09:00–18:00 Monday to Friday in Manila (UTC+8, no DST); bob (attorney) supervises. Each
 * assignment is acknowledged at once: acknowledgement alerts have their own tests
 * (acknowledgement.test.ts).
 */
interface Queued {
  kind: string;
  to: string;
  notBefore: string;
  createdAt: string;
  view: View;
}

describe("deadline alerts", () => {
  let h: Harness;

  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, v.lines.join(" ")).not.toBe("error");
    return v;
  };

  /** Alert messages queued since `sinceId`, oldest first. */
  const alertsQueued = async (): Promise<Queued[]> => {
    const rows = await h.database.query<{
      kind: string;
      to: string;
      not_before: Date | string;
      created_at: Date | string;
      payload: View | string;
    }>(
      `select o.kind, p.display_name as "to", o.next_attempt_at as not_before, o.created_at, o.payload
         from outbox o join people p on p.id = o.person_id
        where o.kind like 'alert.%' order by o.id`,
    );
    return rows.map((r) => ({
      kind: r.kind,
      to: r.to,
      notBefore: new Date(r.not_before).toISOString(),
      createdAt: new Date(r.created_at).toISOString(),
      view: typeof r.payload === "string" ? (JSON.parse(r.payload) as View) : r.payload,
    }));
  };

  const tick = async (iso: string) => {
    h.clock.set(iso);
    const before = (await alertsQueued()).length;
    const result = await runAlerts({ db: h.database.db }, h.clock.now());
    const after = await alertsQueued();
    expect(after.length - before).toBe(result.notifications);
    return after.slice(before);
  };

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
  });

  it("reminds the assignee 24 h and 2 h ahead in their own time, then escalates when overdue", async () => {
    // Due Thu 3 Dec 17:00 in New York = Fri 4 Dec 06:00 in Manila.
    await ok("bob", 'assign @maria "Review exhibits" matter:M-1 due:"2026-12-03 17:00"');
    await ok("maria", "ack T-1");
    expect(await tick("2026-12-02T21:59:00Z")).toEqual([]);

    // 24 h before: Thu 06:00 in Manila, before maria's day: held until her 09:00 (01:00Z), still before the due time.
    const [soon, ...none] = await tick("2026-12-02T22:00:00Z");
    expect(none).toEqual([]);
    expect(soon?.kind).toBe("alert.due_soon_1440");
    expect(soon?.to).toBe("maria");
    expect(soon?.notBefore).toBe("2026-12-03T01:00:00.000Z");
    expect(soon?.view.lines[0]).toBe(
      "Reminder: T-1 is due in 24 hours, at Fri 4 Dec 2026, 6:00 AM Manila time your time.",
    );
    expect(soon?.view.title).toBe("T-1 · Review exhibits");
    expect(soon?.view.actions?.map((a) => a.action)).toEqual(["start", "submit", "ask"]);

    // Later ticks find nothing new for the same task, kind and due time.
    expect(await tick("2026-12-02T22:05:00Z")).toEqual([]);
    expect(await tick("2026-12-03T12:00:00Z")).toEqual([]);

    // 2 h before: 04:00 in Manila, but her day starts after the deadline: sent at once.
    const [twoHours] = await tick("2026-12-03T20:00:00Z");
    expect(twoHours?.kind).toBe("alert.due_soon_120");
    expect(twoHours?.notBefore).toBe("2026-12-03T20:00:00.000Z");
    expect(twoHours?.view.lines[0]).toBe(
      "Reminder: T-1 is due in 2 hours, at Fri 4 Dec 2026, 6:00 AM Manila time your time.",
    );

    const overdue = await tick("2026-12-03T22:00:00Z");
    expect(overdue.map((a) => [a.kind, a.to, a.notBefore])).toEqual([
      ["alert.overdue", "maria", "2026-12-03T22:00:00.000Z"],
      ["alert.overdue", "bob", "2026-12-03T22:00:00.000Z"],
    ]);
    expect(overdue[0]?.view.lines[0]).toBe(
      "T-1 is overdue: it was due Fri 4 Dec 2026, 6:00 AM Manila time. Submit it, or tell bob when it will be ready.",
    );
    expect(overdue[1]?.view.lines[0]).toBe(
      "T-1, assigned to maria, is overdue: it was due Thu 3 Dec 2026, 5:00 PM EST (assigned).",
    );

    // Still overdue one working day later (Fri 17:00 in the firm's zone): the admins hear of it.
    expect(await tick("2026-12-04T21:59:00Z")).toEqual([]);
    const escalated = await tick("2026-12-04T22:00:00Z");
    expect(escalated.map((a) => [a.kind, a.to])).toEqual([["alert.overdue_admins", "alice"]]);
    expect(escalated[0]?.view.lines[0]).toBe(
      "T-1 is still overdue a working day later: due Thu 3 Dec 2026, 5:00 PM EST, assigned to maria, supervised by bob.",
    );
    expect(await tick("2026-12-05T12:00:00Z")).toEqual([]);
  });

  it("re-arms a task's alerts when its due time changes, and never repeats one", async () => {
    await ok("bob", 'assign @maria "Draft letter" matter:M-1 due:"2026-12-03 17:00"');
    await ok("maria", "ack T-1");
    expect((await tick("2026-12-03T22:00:00Z")).map((a) => a.kind)).toEqual([
      "alert.overdue",
      "alert.overdue",
    ]);
    // A due time given after it passed is a new deadline: its reminders are owed again.
    await ok("bob", 'due T-1 "2026-12-10 17:00"');
    expect(await tick("2026-12-04T12:00:00Z")).toEqual([]);
    const rearmed = await tick("2026-12-09T22:00:00Z");
    expect(rearmed.map((a) => [a.kind, a.to])).toEqual([["alert.due_soon_1440", "maria"]]);
    expect(rearmed[0]?.view.lines[0]).toBe(
      "Reminder: T-1 is due in 24 hours, at Fri 11 Dec 2026, 6:00 AM Manila time your time.",
    );

    // Two replicas ticking at the same instant (two connections on PostgreSQL): each alert once.
    const second = await openSecondConnection();
    h.clock.set("2026-12-10T20:30:00Z");
    const results = await Promise.all([
      runAlerts({ db: h.database.db }, h.clock.now()),
      runAlerts({ db: second.db }, h.clock.now()),
    ]);
    expect(results.map((r) => r.alerts).sort()).toEqual([0, 1]);
    const ledger = await h.database.query<{ kind: string; due_at: Date | string }>(
      "select kind, due_at from alert_ledger order by id",
    );
    expect(ledger.map((l) => [l.kind, new Date(l.due_at).toISOString()])).toEqual([
      ["overdue", "2026-12-03T22:00:00.000Z"],
      ["due_soon_1440", "2026-12-10T22:00:00.000Z"],
      ["due_soon_120", "2026-12-10T22:00:00.000Z"],
    ]);
    expect(await tick("2026-12-10T21:00:00Z")).toEqual([]);
  });

  it("gives a task assigned inside a reminder window only the reminders still ahead, and none once done", async () => {
    // Assigned 20 h before it is due: the assignment message says when; the 24 h reminder would be noise.
    h.clock.set("2026-12-02T19:00:00Z");
    await ok("bob", 'assign @maria "Cite-check" matter:M-1 due:"2026-12-03 10:00"');
    await ok("maria", "ack T-1");
    expect(await tick("2026-12-02T19:30:00Z")).toEqual([]);
    expect((await tick("2026-12-03T13:00:00Z")).map((a) => a.kind)).toEqual(["alert.due_soon_120"]);
    // Submitted before the deadline: no overdue alerts for the assignee or supervisor.
    h.clock.set("2026-12-03T14:30:00Z");
    await ok("maria", "submit T-1");
    expect(await tick("2026-12-03T16:00:00Z")).toEqual([]);
  });

  it("crosses a DST change in absolute hours and shows each person their local time", async () => {
    // US clocks spring forward on Sun 14 Mar 2027 at 02:00. Due Sun 12:00 EDT (16:00Z).
    await ok("alice", "team add @nia role:professional tz:America/New_York hours:09:00-17:00 nda:2026-01-01");
    await ok("alice", "team set @maria nda-expires:2028-01-15");
    h.clock.set("2027-03-10T15:00:00Z");
    await ok("bob", 'assign @nia "Prepare binder" matter:M-1 due:"2027-03-14 12:00"');
    await ok("nia", "ack T-1");
    await ok("bob", 'assign @maria "Index exhibits" matter:M-2 due:"2027-03-14 12:00"');
    await ok("maria", "ack T-2");
    // 24 h before is Sat 13 Mar 11:00 EST (16:00Z), a weekend for both: their next working
    // start (Monday) is after the deadline, so the reminders go at once.
    expect(await tick("2027-03-13T15:59:00Z")).toEqual([]);
    const soon = await tick("2027-03-13T16:00:00Z");
    expect(soon.map((a) => [a.to, a.notBefore, a.view.lines[0]])).toEqual([
      [
        "nia",
        "2027-03-13T16:00:00.000Z",
        "Reminder: T-1 is due in 24 hours, at Sun 14 Mar 2027, 12:00 PM EDT your time.",
      ],
      [
        "maria",
        "2027-03-13T16:00:00.000Z",
        "Reminder: T-2 is due in 24 hours, at Mon 15 Mar 2027, 12:00 AM Manila time your time.",
      ],
    ]);
    // One working day after Sunday 12:00 EDT is Monday 12:00 EDT (16:00Z), not 17:00Z.
    expect((await tick("2027-03-14T16:00:00Z")).map((a) => a.kind)).toEqual(Array(4).fill("alert.overdue"));
    expect(await tick("2027-03-15T15:59:00Z")).toEqual([]);
    expect((await tick("2027-03-15T16:00:00Z")).map((a) => [a.kind, a.to])).toEqual([
      ["alert.overdue_admins", "alice"],
      ["alert.overdue_admins", "alice"],
    ]);
  });

  it("reminds the supervisor of work waiting more than one of their working days", async () => {
    await ok("bob", 'assign @maria "Summarise depositions" matter:M-1 due:"2026-12-20 17:00"');
    await ok("maria", "ack T-1");
    // Submitted Fri 4 Dec 10:00 EST: one working day later is Mon 7 Dec 10:00 EST (15:00Z).
    h.clock.set("2026-12-04T15:00:00Z");
    await ok("maria", "submit T-1 spent:2h");
    expect(await tick("2026-12-07T14:59:00Z")).toEqual([]);
    const [reminder, ...rest] = await tick("2026-12-07T15:00:00Z");
    expect(rest).toEqual([]);
    expect(reminder?.to).toBe("bob");
    expect(reminder?.kind).toBe("alert.review_waiting");
    expect(reminder?.view.lines[0]).toBe(
      "T-1 has waited more than a working day for your review: maria submitted it Fri 4 Dec 2026, 10:00 AM EST (round 1).",
    );
    expect(reminder?.view.actions?.map((a) => a.action)).toEqual(["approve", "changes", "ask"]);
    expect(await tick("2026-12-08T15:00:00Z")).toEqual([]);
    // Sent back and submitted again: a new submission earns its own reminder.
    await ok("bob", 'changes T-1 "Add page cites" reason:citation');
    h.clock.set("2026-12-08T16:00:00Z");
    await ok("maria", "submit T-1");
    expect((await tick("2026-12-09T16:00:00Z")).map((a) => a.kind)).toEqual(["alert.review_waiting"]);
  });

  it("reads only what fell due since the last tick, and catches up what fell due while every process was down", async () => {
    await ok("bob", 'assign @maria "Draft motion" matter:M-1 due:"2026-12-03 17:00"');
    await ok("maria", "ack T-1");
    await ok("bob", 'assign @maria "File exhibits" matter:M-1 due:"2026-12-03 18:00"');
    await ok("maria", "ack T-2");
    // Frequent ticks: each records its instant, and the next reads only from there.
    expect(await tick("2026-12-02T21:50:00Z")).toEqual([]);
    expect((await tick("2026-12-02T22:00:00Z")).map((a) => a.kind)).toEqual(["alert.due_soon_1440"]);
    const [mark] = await h.database.query<{ claimed_at: Date | string }>(
      "select claimed_at from job_runs where job = 'alert_tick'",
    );
    expect(new Date(mark?.claimed_at ?? 0).toISOString()).toBe("2026-12-02T22:00:00.000Z");
    expect(await tick("2026-12-02T22:05:00Z")).toEqual([]);
    // Down from 22:05 until the next day: T-2's 24 h reminder (due 23:00Z) and both 2 h
    // reminders fell due meanwhile; the first tick back sends what is still worth sending.
    const back = await tick("2026-12-03T21:30:00Z");
    expect(back.map((a) => [a.kind, a.view.title])).toEqual([
      ["alert.due_soon_120", "T-1 · Draft motion"],
      ["alert.due_soon_120", "T-2 · File exhibits"],
    ]);
    expect(await tick("2026-12-03T21:35:00Z")).toEqual([]);
    // A whole week down: T-2's overdue news (due 23:00Z on the 3rd) is still sent, once.
    h.clock.set("2026-12-03T21:40:00Z");
    await ok("maria", "submit T-1");
    const week = await tick("2026-12-10T22:59:00Z");
    expect(week.map((a) => [a.kind, a.to])).toEqual([
      ["alert.overdue", "maria"],
      ["alert.overdue", "bob"],
      ["alert.overdue_admins", "alice"],
      ["alert.review_waiting", "bob"],
    ]);
    expect(await tick("2026-12-10T23:05:00Z")).toEqual([]);
  });

  it("re-plans a task changed since the last tick: work sent back after its deadline is overdue at once", async () => {
    await ok("bob", 'assign @maria "Brief" matter:M-1 due:"2026-12-03 17:00"');
    await ok("maria", "ack T-1");
    h.clock.set("2026-12-03T20:00:00Z");
    await ok("maria", "submit T-1");
    // Submitted before its deadline: nothing is overdue while it waits for review.
    expect(await tick("2026-12-03T22:00:00Z")).toEqual([]);
    expect(await tick("2026-12-03T22:05:00Z")).toEqual([]);
    // Sent back after the deadline passed (the overdue instant lies before the last tick).
    h.clock.set("2026-12-03T22:07:00Z");
    await ok("bob", 'changes T-1 "Add the exhibits" reason:incomplete');
    expect((await tick("2026-12-03T22:10:00Z")).map((a) => [a.kind, a.to])).toEqual([
      ["alert.overdue", "maria"],
      ["alert.overdue", "bob"],
    ]);
    expect(await tick("2026-12-03T22:15:00Z")).toEqual([]);
  });

  it("tells the admins once when a professional's NDA expires within 30 days, and again after a new date", async () => {
    // maria's NDA expires 2027-01-15: 30 days ahead on 16 Dec in the firm's calendar.
    expect(await tick("2026-12-16T04:00:00Z")).toEqual([]); // still 15 Dec in New York
    const [nda, ...rest] = await tick("2026-12-16T12:00:00Z");
    expect(rest).toEqual([]);
    expect(nda?.to).toBe("alice");
    expect(nda?.kind).toBe("alert.nda_expiring");
    expect(textOf(nda?.view ?? { tone: "info", lines: [], audience: "private" })).toContain(
      "maria's NDA with the firm expires on 2027-01-15 (in 30 days).",
    );
    expect(await tick("2026-12-20T12:00:00Z")).toEqual([]);
    await ok("alice", "team set @maria nda-expires:2027-01-10");
    expect((await tick("2026-12-20T13:00:00Z")).map((a) => a.kind)).toEqual(["alert.nda_expiring"]);
  });
});
