import { asc, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.js";
import { createHarness, type Harness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";

describe("need-to-know: what a professional may see", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    await h.say("alice", "team set @dev nda:2026-02-01");
    await h.say("bob", 'assign @maria "Maria task" matter:M-1 due:"fri 5pm"');
    await h.say("bob", 'assign @dev "Dev task" matter:M-2 due:"fri 5pm"');
  });

  it("answers another person's task exactly as a task that does not exist", async () => {
    const other = await h.say("maria", "show T-2");
    const missing = await h.say("maria", "show T-99");
    expect(other.tone).toBe("error");
    expect(other.lines[0]).toBe("T-2 not found. Try: list all");
    expect(missing.lines[0]).toBe("T-99 not found. Try: list all");
  });

  it("lists only the professional's own tasks, whatever the scope", async () => {
    for (const scope of ["mine", "all", "overdue", "review"]) {
      const view = await h.say("maria", `list ${scope}`);
      expect(textOf(view)).not.toContain("Dev task");
      expect(textOf(view)).not.toContain("T-2");
    }
    expect(textOf(await h.say("maria", "list"))).toContain("T-1 · M-1 · Maria task");
  });

  it("lets attorneys see every task of the firm", async () => {
    const view = await h.say("carol", "list all");
    expect(view.items?.map((i) => i.task)).toEqual([1, 2]);
  });

  it("refuses work and decisions on another's task without revealing it, and audits the attempt", async () => {
    const refusals = () =>
      h.database.db.select().from(auditEvents).where(eq(auditEvents.action, "access.refused"));
    for (const cmd of ["start T-2", "submit T-2", "approve T-2", 'changes T-2 "x"', "audit T-2"]) {
      const { audit_events: auditBefore, ...before } = await rowCounts(h.database);
      const view = await h.say("maria", cmd);
      expect(view.tone, cmd).toBe("error");
      expect(view.lines[0], cmd).toMatch(/^T-2 not found|^Only attorneys/);
      // Nothing changed but the audit trail, which records the refused attempt.
      const { audit_events: auditAfter, ...after } = await rowCounts(h.database);
      expect(after).toEqual(before);
      expect(auditAfter, cmd).toBe((auditBefore ?? 0) + (cmd === "audit T-2" ? 0 : 1));
    }
    const [task2] = await h.database.query<{ id: string }>("select id from tasks where number = 2");
    const rows = await refusals();
    expect(rows.map((r) => [r.taskId, r.detail])).toEqual([
      [task2?.id, { via: "start", task: "T-2" }],
      [task2?.id, { via: "submit", task: "T-2" }],
      [task2?.id, { via: "approve", task: "T-2" }],
      [task2?.id, { via: "request changes on", task: "T-2" }],
    ]);
  });

  it("never lets a professional approve, even their own task", async () => {
    await h.say("maria", "submit T-1");
    const view = await h.say("maria", "approve T-1");
    expect(view.lines[0]).toMatch(/^Only bob, who supervises T-1, or an admin can approve it\./);
  });

  it("audits every read of a task by a professional, and not an attorney's", async () => {
    const reads = () =>
      h.database.db
        .select()
        .from(auditEvents)
        .where(inArray(auditEvents.action, ["task.viewed", "task.listed"]))
        .orderBy(asc(auditEvents.seq));
    await h.say("maria", "show T-1");
    await h.say("maria", "list");
    await h.say("bob", "show T-1");
    await h.say("bob", "list all");
    const rows = await reads();
    expect(rows.map((r) => [r.action, r.detail])).toEqual([
      ["task.viewed", { via: "show" }],
      ["task.listed", { via: "list", scope: "mine", tasks: { "M-1": ["T-1"] } }],
    ]);
  });

  it("refuses staffing an unknown person or a professional without NDA on a matter", async () => {
    await h.say("alice", "team add @sam role:professional");
    const view = await h.say("alice", "matter staff M-1 @sam");
    expect(view.lines[0]).toContain("sam has no NDA on file");
  });
});
