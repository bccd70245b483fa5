import { eq } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { auditEvents, reviews, tasks } from "../../db/schema.js";
import { createCore } from "../../src/commands/dispatch.js";
import { createHarness, seedFirm } from "../support/core-harness.js";
import { testEngine } from "../support/env.js";
import { openSecondConnection } from "../support/test-database.js";

describe("two approvals of the same submission at once", () => {
  it("lets exactly one win; the other is told who approved it; the audit shows one approval", async () => {
    const h = await createHarness();
    await seedFirm(h);
    await h.say("bob", 'assign @maria "Research" matter:M-1 due:"fri 5pm"');
    await h.say("maria", "submit T-1");

    // A second core on its own connection pool: another replica, as far as the database can tell.
    const second = await openSecondConnection();
    const otherReplica = createCore({ db: second.db, clock: h.clock, logger: pino({ level: "silent" }) });
    const approve = (core: typeof h.core, user: string) =>
      core.handle({ speaker: h.speaker(user), text: `approve T-1 "${user} approves"` });

    let results: Awaited<ReturnType<typeof approve>>[];
    if (testEngine() === "postgres") {
      // Hold the task's row lock from a third session so both approvals read "submitted" and then queue on
      // the same UPDATE: the race is forced, not hoped for.
      const holder = await openSecondConnection({ poolSize: 1 });
      const racing = await holder.db.transaction(async (tx) => {
        await tx.select().from(tasks).where(eq(tasks.number, 1)).for("update");
        const both = Promise.all([approve(h.core, "bob"), approve(otherReplica, "alice")]);
        for (let i = 0; i < 200; i++) {
          const [waiting] = await h.database.query<{ n: number }>(
            "select count(*)::int as n from pg_locks where not granted and locktype in ('transactionid','tuple')",
          );
          if ((waiting?.n ?? 0) >= 2) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        // Wrapped so the transaction commits (releasing the lock) before we wait for the approvals.
        return { both };
      });
      results = await racing.both;
    } else {
      // PGlite runs one transaction at a time: the two still race through the dispatcher.
      results = await Promise.all([approve(h.core, "bob"), approve(otherReplica, "alice")]);
    }

    const wins = results.filter((v) => v.tone === "success");
    const losses = results.filter((v) => v.tone === "error");
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(1);
    const winner = wins[0]?.lines[0]?.includes("by bob") ? "bob" : "alice";
    expect(losses[0]?.lines[0]).toMatch(new RegExp(`^T-1 was already approved by ${winner} at `));

    expect(await h.database.db.select().from(reviews)).toHaveLength(1);
    const approvals = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "task.approved"));
    expect(approvals).toHaveLength(1);
    const [task] = await h.database.db.select().from(tasks);
    expect(task?.status).toBe("approved");
  });
});
