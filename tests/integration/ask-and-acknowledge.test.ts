import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, taskQuestions, tasks } from "../../db/schema.js";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";
import { openSecondConnection } from "../support/test-database.js";

/*
 * Questions between the two sides of a task, acknowledgement of an assignment, the alerts when
 * one is not acknowledged in time, and replies that say when the other side is off shift.
 * maria works 09:00-18:00 in Manila (01:00-10:00Z); the firm is in New York.
 */
describe("ask, ack and acknowledgement alerts", () => {
  let h: Harness;
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };
  const queued = async (kind: string) =>
    h.database.query<{ to: string; payload: View }>(
      "select p.display_name as to, o.payload from outbox o join people p on p.id = o.person_id where o.kind = $1 order by o.id",
      [kind],
    );
  const tick = async (iso: string) => {
    h.clock.set(iso);
    const before = await h.database.query<{ n: number }>(
      "select count(*)::int as n from outbox where kind like 'alert.%'",
    );
    await runAlerts({ db: h.database.db }, h.clock.now());
    return h.database.query<{ kind: string; to: string; payload: View }>(
      "select o.kind, p.display_name as to, o.payload from outbox o join people p on p.id = o.person_id where o.kind like 'alert.%' order by o.id offset $1",
      [before[0]?.n ?? 0],
    );
  };
  const taskRow = async (n: number) =>
    (await h.database.db.select().from(tasks).where(eq(tasks.number, n)))[0];

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await ok("alice", "team add @sam role:professional tz:Asia/Manila nda:2026-01-01");
    await ok("bob", 'assign @maria "Chronology" matter:M-1 due:"fri 5pm"');
  });

  it("delivers a question to the other side by direct message and keeps it; from the assignee it acknowledges", async () => {
    expect((await taskRow(1))?.acknowledgedAt).toBeNull();
    h.clock.set("2026-12-02T01:30:00Z");
    const asked = await ok("maria", 'ask T-1 "Which custodians are in scope?"');
    // bob works 09:00-18:00 in New York: at 20:30 EST he is off until 09:00 EST, 22:00 for maria.
    expect(asked.lines).toEqual([
      "Sent your question on T-1 to bob.",
      "bob is off until 10:00 PM Manila time.",
    ]);
    const [toBob] = await queued("task.question");
    expect(toBob?.to).toBe("bob");
    expect(toBob?.payload.lines.slice(0, 2)).toEqual([
      "maria asks about T-1: Which custodians are in scope?",
      'Answer with: ask T-1 "your answer"',
    ]);
    expect(toBob?.payload.actions?.map((a) => a.action)).toEqual(["ask"]);
    expect((await taskRow(1))?.acknowledgedAt?.toISOString()).toBe("2026-12-02T01:30:00.000Z");

    // The supervisor asks back; the reply says maria is off, and how much of her time is left before the due time.
    h.clock.set("2026-12-02T14:00:00Z");
    const back = await ok("bob", 'ask T-1 "Custodians A and B only"');
    expect(back.lines).toEqual([
      "Sent your question on T-1 to maria.",
      "maria is off until 8:00 PM EST.",
      "Before it is due (Fri 5:00 PM EST), maria works until Fri 5:00 AM EST.",
    ]);
    expect((await queued("task.question"))[1]?.to).toBe("maria");
    const questions = await h.database.db.select().from(taskQuestions);
    expect(questions.map((q) => q.text)).toEqual([
      "Which custodians are in scope?",
      "Custodians A and B only",
    ]);
    const events = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "task.question_asked"));
    expect(events).toHaveLength(2);
    // Question text is confidential: never in the audit trail.
    expect(JSON.stringify(events)).not.toContain("custodians");
  });

  it("refuses questions from outside the task, and on closed tasks, changing nothing", async () => {
    const before = await rowCounts(h.database);
    const byCarol = await h.say("carol", 'ask T-1 "anything?"');
    expect(byCarol.lines[0]).toBe(
      "Questions on T-1 go between maria, who does it, and bob, who supervises it (or whoever covers for them).",
    );
    expect((await h.say("sam", 'ask T-1 "anything?"')).lines[0]).toBe("T-1 not found. Try: list all");
    expect((await h.say("maria", "ask T-1")).tone).toBe("error");
    // Nothing changed but the audit trail, which records sam's refused attempt (a professional's).
    const after = await rowCounts(h.database);
    expect(after).toEqual({
      ...before,
      audit_events: (before.audit_events ?? 0) + 1,
    });
    const [refusal] = await h.database.query<{ action: string }>(
      "select action from audit_events order by id desc limit 1",
    );
    expect(refusal?.action).toBe("access.refused");
    await ok("bob", "cancel T-1");
    const closed = await h.say("maria", 'ask T-1 "still needed?"');
    expect(closed.lines[0]).toBe("T-1 is cancelled. Questions are for open tasks.");
  });

  it("ack acknowledges once, only by the assignee, and leaves the buttons' version as it was", async () => {
    expect((await h.say("bob", "ack T-1")).lines[0]).toBe(
      "Only maria, who is assigned T-1, can acknowledge it.",
    );
    const acked = await h.click("maria", { action: "ack", task: 1, version: 1 });
    expect(acked.lines[0]).toBe("Acknowledged T-1: bob can see that you have it.");
    expect((await h.say("maria", "ack T-1")).lines[0]).toMatch(/^You acknowledged T-1 on .* already\.$/);
    expect(await taskRow(1)).toMatchObject({ version: 1, status: "assigned" });
    // The Start button drawn before the acknowledgement still works.
    expect((await h.click("maria", { action: "start", task: 1, version: 1 })).tone).toBe("success");
    const shown = await ok("maria", "show T-1");
    expect(shown.actions?.map((a) => a.action)).toEqual(["submit", "ask"]);
    expect(textOf(shown)).toContain("Acknowledged: Tue 1 Dec 2026, 10:00 PM Manila time");
  });

  it("tells the supervisor after 4h of the assignee's working time, then the admins; once each, whatever the replicas", async () => {
    // Assigned Tue 22:00 in Manila, off shift: four working hours end Wed 13:00 Manila (05:00Z).
    expect(await tick("2026-12-02T04:59:00Z")).toEqual([]);
    const told = await tick("2026-12-02T05:00:00Z");
    expect(told.map((a) => [a.kind, a.to])).toEqual([["alert.unacknowledged", "bob"]]);
    expect(told[0]?.payload.lines[0]).toBe(
      "T-1 has not been acknowledged: in 4h of their working time, maria has not acknowledged it, started it or asked about it. Check that they have it.",
    );
    expect(await tick("2026-12-02T05:10:00Z")).toEqual([]);

    // As much again (17:00 Manila, 09:00Z): the admins; two replicas at once send it once.
    h.clock.set("2026-12-02T09:00:00Z");
    const second = await openSecondConnection();
    const runs = await Promise.all([
      runAlerts({ db: h.database.db }, h.clock.now()),
      runAlerts({ db: second.db }, h.clock.now()),
    ]);
    expect(runs.map((r) => r.alerts).sort()).toEqual([0, 1]);
    const toAdmins = await queued("alert.unacknowledged_admins");
    expect(toAdmins.map((a) => a.to)).toEqual(["alice"]);
    expect(toAdmins[0]?.payload.lines[0]).toBe(
      "T-1 is still not acknowledged by maria, twice 4h of their working time after it was assigned. bob, who supervises it, was told Wed 2 Dec 2026, 12:00 AM EST.",
    );
    expect(await tick("2026-12-03T09:00:00Z")).toEqual([]);
  });

  it("acknowledging stops the clock; reassigning starts a new one; ack-within sets its length", async () => {
    await ok("maria", "ack T-1");
    expect(await tick("2026-12-02T10:00:00Z")).toEqual([]);

    await ok("alice", "firm set ack-within:1h");
    await ok("alice", "team add @rhea role:professional tz:America/Mexico_City nda:2026-01-01");
    h.clock.set("2026-12-02T15:00:00Z"); // 09:00 in Mexico City
    await ok("bob", "reassign T-1 @rhea");
    const row = await taskRow(1);
    expect(row?.acknowledgedAt).toBeNull();
    expect(row?.ackAlertAt?.toISOString()).toBe("2026-12-02T16:00:00.000Z");
    const told = await tick("2026-12-02T16:00:00Z");
    expect(told.map((a) => [a.kind, a.to])).toEqual([["alert.unacknowledged", "bob"]]);
    expect(told[0]?.payload.lines[0]).toContain("in 1h of their working time, rhea has not");
  });
});

describe("off-shift replies", () => {
  let h: Harness;
  const ok = async (user: string, text: string) => {
    const v = await h.say(user, text);
    expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    return v;
  };

  it("tells raj in Chicago that mark is off, and that his working time before the due time is gone", async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" }); // Tue 08:00 CST, 22:00 in Manila
    await seedFirm(h);
    await ok("alice", "team add @raj role:attorney tz:America/Chicago");
    await ok("alice", "team add @mark role:professional tz:Asia/Manila hours:09:00-18:00 nda:2026-01-01");
    const assigned = await ok("raj", 'assign @mark "Exhibit list" matter:M-1 due:"2026-12-02 17:00"');
    expect(assigned.lines).toContain("mark is off until 7:00 PM CST.");
    expect(assigned.lines).toContain("Before it is due (Wed 5:00 PM CST), mark works until Wed 4:00 AM CST.");

    h.clock.set("2026-12-02T02:00:00Z");
    await ok("mark", 'submit T-1 "first cut"');
    h.clock.set("2026-12-02T15:30:00Z"); // Wed 09:30 CST
    const sent = await ok("raj", 'changes T-1 "fix before 5pm, we file tonight"');
    expect(sent.lines).toEqual([
      "Sent T-1 back to mark with your changes (round 1).",
      "mark is off until 7:00 PM CST.",
      "mark has no working time left before it is due (5:00 PM CST).",
    ]);
    // While mark is working, nothing to add.
    h.clock.set("2026-12-03T02:00:00Z");
    expect((await ok("raj", 'ask T-1 "status?"')).lines).toEqual(["Sent your question on T-1 to mark."]);
  });
});
