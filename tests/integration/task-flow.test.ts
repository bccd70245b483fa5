import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, outbox, reviews, submissions, tasks } from "../../db/schema.js";
import { createHarness, type Harness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";

describe("assign → start → submit → changes → submit → approve", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
  });

  it("moves through the status machine, recording rounds, reviews, audit and notifications", async () => {
    const assigned = await h.say(
      "bob",
      'assign @maria "Review deposition exhibits" matter:M-1 due:"fri 5pm" est:3h type:document_review notes:"Flag privileged pages"',
    );
    expect(assigned.tone).not.toBe("error");
    expect(textOf(assigned)).toContain("Assigned T-1 to maria on M-1");

    const [task] = await h.database.db.select().from(tasks);
    expect(task).toMatchObject({
      number: 1,
      status: "assigned",
      version: 1,
      estMinutes: 180,
      category: "document_review",
    });
    // "fri 5pm" said in New York on Tue 1 Dec 2026 is 22:00Z on the 4th.
    expect(task?.dueAt.toISOString()).toBe("2026-12-04T22:00:00.000Z");

    expect((await h.say("maria", "start T-1")).tone).toBe("success");
    const submitted = await h.say("maria", 'submit T-1 "https://dms.example/exhibits" spent:2.5h');
    expect(textOf(submitted)).toContain("Submitted T-1 to bob for review (round 1)");

    const sent = await h.say("bob", 'changes T-1 "Missed the Rule 26 exhibits" reason:missed_issue');
    expect(sent.tone).toBe("success");
    expect((await h.say("maria", "start T-1")).tone).toBe("success");
    expect((await h.say("maria", "submit T-1 spent:1h")).tone).toBe("success");
    const approved = await h.say("bob", 'approve T-1 "Good work"');
    expect(textOf(approved)).toContain("Approved T-1 (round 2) by bob");

    const [done] = await h.database.db.select().from(tasks);
    expect(done).toMatchObject({ status: "approved", round: 2, spentMinutes: 210, version: 7 });
    expect(
      await h.database.db
        .select({ round: submissions.round })
        .from(submissions)
        .orderBy(asc(submissions.round)),
    ).toEqual([{ round: 1 }, { round: 2 }]);
    const decisions = await h.database.db
      .select({
        round: reviews.round,
        decision: reviews.decision,
        reason: reviews.reason,
        comment: reviews.comment,
      })
      .from(reviews)
      .orderBy(asc(reviews.round));
    expect(decisions).toEqual([
      {
        round: 1,
        decision: "changes_requested",
        reason: "missed_issue",
        comment: "Missed the Rule 26 exhibits",
      },
      { round: 2, decision: "approved", reason: null, comment: "Good work" },
    ]);

    const actions = (
      await h.database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.taskId, done?.id ?? ""))
        .orderBy(asc(auditEvents.id))
    ).map((a) => a.action);
    expect(actions).toEqual([
      "task.assigned",
      "task.in_progress",
      "task.submitted",
      "task.changes_requested",
      "task.in_progress",
      "task.submitted",
      "task.approved",
    ]);

    const kinds = (
      await h.database.db.select({ kind: outbox.kind }).from(outbox).orderBy(asc(outbox.id))
    ).map((o) => o.kind);
    expect(kinds).toEqual([
      "task.assigned",
      "task.submitted",
      "task.changes_requested",
      "task.submitted",
      "task.approved",
    ]);
  });

  it("puts Approve and Request changes on the supervisor's notification, carrying task and version", async () => {
    await h.say("bob", 'assign @maria "Research" matter:M-1 due:"fri 5pm"');
    await h.say("maria", "submit T-1");
    const rows = await h.database.db.select().from(outbox).where(eq(outbox.kind, "task.submitted"));
    const view = rows[0]?.payload as { actions?: unknown[] };
    expect(view.actions).toEqual([
      { task: 1, version: 2, action: "approve", label: "Approve", style: "primary" },
      { task: 1, version: 2, action: "changes", label: "Request changes", style: "danger" },
      { task: 1, version: 2, action: "ask", label: "Ask" },
    ]);
  });

  it("accepts a click carrying the current version and refuses a stale or second one", async () => {
    await h.say("bob", 'assign @maria "Research" matter:M-1 due:"fri 5pm"');
    await h.say("maria", "submit T-1");
    const stale = await h.click("bob", { action: "approve", task: 1, version: 1 });
    expect(stale.tone).toBe("error");
    expect(stale.lines[0]).toContain("out of date");
    const ok = await h.click("bob", { action: "approve", task: 1, version: 2 });
    expect(ok.tone).toBe("success");
    const again = await h.click("bob", { action: "approve", task: 1, version: 2 });
    expect(again.lines[0]).toMatch(/^That message is out of date\. T-1 was already approved by bob at /);
    const typed = await h.say("bob", "approve T-1");
    expect(typed.lines[0]).toMatch(/^T-1 was already approved by bob at /);
    expect(await h.database.db.select().from(reviews)).toHaveLength(1);
  });

  it("lets a click by someone else change nothing", async () => {
    await h.say("bob", 'assign @maria "Research" matter:M-1 due:"fri 5pm"');
    await h.say("maria", "submit T-1");
    const byCarol = await h.click("carol", { action: "approve", task: 1, version: 2 });
    expect(byCarol.tone).toBe("error");
    // The refusal names the way a colleague can decide: as bob's cover while he is away.
    expect(byCarol.lines[0]).toMatch(
      /^Only bob, who supervises T-1, or an admin can approve it\. .*away @bob until:/,
    );
    const byMaria = await h.click("maria", { action: "approve", task: 1, version: 2 });
    expect(byMaria.tone).toBe("error");
    const [task] = await h.database.db.select().from(tasks);
    expect(task?.status).toBe("submitted");
  });

  it("takes a decision only on a submission: work in progress, or a round already decided, is refused in words", async () => {
    await h.say("bob", 'assign @maria "Research" matter:M-1 due:"fri 5pm"');
    await h.say("maria", "start T-1");
    const refuse = async (line: string, state: string) => {
      const before = await rowCounts(h.database);
      const reply = await h.say("bob", line);
      expect(reply.tone).toBe("error");
      expect(reply.lines).toEqual([expect.stringMatching(new RegExp(`^Can't .* T-1: T-1 is ${state}\\.$`))]);
      expect(await rowCounts(h.database)).toEqual(before);
    };
    // Never submitted: nothing to approve or send back.
    await refuse("approve T-1", "in progress");
    await refuse('changes T-1 "more"', "in progress");
    // Round 1 sent back, then started again: round 1 is decided, round 2 not yet submitted.
    await h.say("maria", "submit T-1");
    expect((await h.say("bob", 'changes T-1 "Cite the 2024 cases"')).tone).toBe("success");
    await h.say("maria", "start T-1");
    await refuse("approve T-1", "in progress");
    await refuse('changes T-1 "more"', "in progress");
    expect(await h.database.db.select().from(reviews)).toHaveLength(1);
  });
});
