import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Database, Tx } from "../../db/client.js";
import { auditEvents, firms } from "../../db/schema.js";
import type { AuditAction } from "../../src/domain/audit-actions.js";
import { verifyChain } from "../../src/services/audit-chain.js";
import { recordAudit } from "../../src/services/record-audit.js";
import { openSecondConnection, resetDatabase, testDatabase } from "../support/test-database.js";

/*
 * PostgreSQL only (vitest.config.ts): two sessions writing audit events for one firm at once must
 * still form one chain. PGlite runs one transaction at a time, so there is nothing to race there.
 */

/** Resolves once `probe` says so, polling: the safety-net timeout is the test's own. */
const eventually = async (probe: () => Promise<boolean>): Promise<void> => {
  while (!(await probe())) await new Promise((r) => setTimeout(r, 20));
};

/** A transaction that writes one event, then waits for `release` before it commits (or rolls back). */
const holdOpen = (
  database: Database,
  firmId: string,
  action: string,
  release: Promise<"commit" | "rollback">,
) => {
  let written!: () => void;
  const wrote = new Promise<void>((r) => {
    written = r;
  });
  const done = database.db
    .transaction(async (tx: Tx) => {
      await recordAudit(tx, { firmId, at: new Date(), actorId: null, action: action as AuditAction });
      written();
      if ((await release) === "rollback") tx.rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Error && /rollback/i.test(e.message))) throw e;
    });
  return { wrote, done };
};

/** Sessions of this database waiting for a lock (the second writer, queued behind the first). */
const waitingForLock = async (database: Database): Promise<boolean> => {
  const [row] = await database.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "audit_events"%'`,
  );
  return (row?.n ?? 0) > 0;
};

describe("the audit chain under concurrent writers (PostgreSQL)", () => {
  let database: Database;
  let other: Database;
  let firmId: string;

  beforeEach(async () => {
    database = await testDatabase();
    await resetDatabase(database);
    other = await openSecondConnection();
    const [firm] = await database.db
      .insert(firms)
      .values({ name: "Smith & Lee LLP", tz: "America/New_York", defaultRate: 300 })
      .returning();
    firmId = firm?.id ?? "";
  });

  const chain = () =>
    database.db
      .select({
        seq: auditEvents.seq,
        action: auditEvents.action,
        hash: auditEvents.hash,
        prev: auditEvents.prevHash,
      })
      .from(auditEvents)
      .where(eq(auditEvents.firmId, firmId))
      .orderBy(asc(auditEvents.seq));

  it("queues the second writer behind the first until it commits, then links to it", async () => {
    let releaseFirst!: (how: "commit" | "rollback") => void;
    const first = holdOpen(
      database,
      firmId,
      "first",
      new Promise((r) => {
        releaseFirst = r;
      }),
    );
    await first.wrote;
    const second = holdOpen(other, firmId, "second", Promise.resolve("commit"));
    await eventually(() => waitingForLock(database));
    releaseFirst("commit");
    await Promise.all([first.done, second.done]);
    const rows = await chain();
    expect(rows.map((r) => [r.seq, r.action])).toEqual([
      [1, "first"],
      [2, "second"],
    ]);
    expect(rows[1]?.prev).toBe(rows[0]?.hash);
    expect(await verifyChain(database.db, firmId)).toMatchObject({ intact: true, events: 2 });
  });

  it("leaves no gap when the first writer rolls back: the second takes its number", async () => {
    let releaseFirst!: (how: "commit" | "rollback") => void;
    const first = holdOpen(
      database,
      firmId,
      "rolled back",
      new Promise((r) => {
        releaseFirst = r;
      }),
    );
    await first.wrote;
    const second = holdOpen(other, firmId, "kept", Promise.resolve("commit"));
    await eventually(() => waitingForLock(database));
    releaseFirst("rollback");
    await Promise.all([first.done, second.done]);
    expect((await chain()).map((r) => [r.seq, r.action])).toEqual([[1, "kept"]]);
    expect(await verifyChain(database.db, firmId)).toMatchObject({ intact: true, events: 1 });
  });

  it("forms one chain from many transactions on two connection pools at once", async () => {
    const writers = [database, other].flatMap((db, pool) =>
      Array.from({ length: 30 }, (_, i) =>
        db.db.transaction(async (tx) => {
          await recordAudit(tx, [
            { firmId, at: new Date(), actorId: null, action: `pool${pool}.${i}.a` as AuditAction },
            { firmId, at: new Date(), actorId: null, action: `pool${pool}.${i}.b` as AuditAction },
          ]);
        }),
      ),
    );
    await Promise.all(writers);
    const rows = await chain();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    // The two events of one transaction are neighbours: nothing slipped between them.
    for (let i = 0; i < rows.length; i += 2) {
      expect(rows[i + 1]?.action.replace(/b$/, "a")).toBe(rows[i]?.action);
    }
    expect(await verifyChain(database.db, firmId)).toMatchObject({ intact: true, events: 120 });
  });
});
