import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { guardTransactions } from "../../db/transaction-guard.js";
import { createHarness } from "../support/core-harness.js";

/*
 * PostgreSQL only (vitest.config.ts). postgres.js 3.4.9 can send a transaction's BEGIN on a
 * connection it has not reserved when BEGIN fills a busy connection's pipeline
 * (porsager/postgres#823, #1189): the transaction fails with UNSAFE_TRANSACTION and, worse, other
 * statements run inside it. db/transaction-guard.ts begins transactions on a reserved connection
 * instead. The scenario is the upstream report's: every connection busy, a short pipeline, plain
 * queries and transactions sent at once.
 */
const clients: postgres.Sql[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end({ timeout: 5 })));
});

/** A pool whose every connection takes one query behind the running one, as a busy pool under load. */
const pool = (url: string): postgres.Sql => {
  // fetch_types stays on, as in db/client.ts: postgres.js 3.4.9 never hands out a fresh connection
  // to `reserve()` without it.
  // max_pipeline is an option postgres.js takes but does not declare in its types.
  const options = { max: 3, max_pipeline: 1, onnotice: () => {} };
  const sql = postgres(url, options);
  clients.push(sql);
  return sql;
};

interface Round {
  /** Transactions that failed (UNSAFE_TRANSACTION and the like). */
  failed: string[];
  /** Transactions whose two statements did not run in one transaction. */
  split: number;
  /** Plain statements that ran inside someone's transaction. */
  inside: number;
}

const round = async (sql: postgres.Sql): Promise<Round> => {
  // All three connections open and idle first, as in a pool that has been serving.
  await Promise.all(Array.from({ length: 3 }, () => sql`select 1`));
  // Every connection busy for a moment, so what follows is pipelined behind the sleeps (started
  // now: postgres.js sends a query a microtask after it is started, in the order they started).
  const busy = Array.from({ length: 3 }, () => sql`select pg_sleep(0.2)`.execute());
  const transactions = Array.from({ length: 5 }, () =>
    sql.begin(async (tx) => {
      const [a] = await tx<{ id: string }[]>`select txid_current()::text as id`;
      const [b] = await tx<{ id: string }[]>`select txid_current()::text as id`;
      return a?.id === b?.id;
    }),
  );
  // Sent after the BEGINs, so that a plain statement can land on a connection a BEGIN left unreserved.
  const plain = Array.from(
    { length: 6 },
    () => sql<{ x: string | null }[]>`select txid_current_if_assigned()::text as x`,
  );
  const [outcomes, plainRows] = await Promise.all([
    Promise.allSettled(transactions),
    Promise.all(plain),
    Promise.all(busy),
  ]);
  return {
    failed: outcomes.flatMap((o) =>
      o.status === "rejected" ? [String((o.reason as { code?: string }).code ?? o.reason)] : [],
    ),
    split: outcomes.filter((o) => o.status === "fulfilled" && o.value !== true).length,
    inside: plainRows.filter(([r]) => r?.x !== null).length,
  };
};

describe("transactions under a full pipeline", () => {
  it("postgres.js's own begin fails this way (the fault the guard exists for)", async () => {
    const h = await createHarness();
    const sql = pool(h.database.target.engine === "postgres" ? h.database.target.url : "");
    const { failed } = await round(sql);
    expect(failed).toContain("UNSAFE_TRANSACTION");
  });

  it("the guarded client begins every transaction on a connection of its own", async () => {
    const h = await createHarness();
    const sql = guardTransactions(pool(h.database.target.engine === "postgres" ? h.database.target.url : ""));
    for (let i = 0; i < 5; i++) {
      expect(await round(sql)).toEqual({ failed: [], split: 0, inside: 0 });
    }
  });
});

describe("BEGIN sent with the transaction's first statements", () => {
  it("still opens the transaction before them: their work commits or rolls back as one", async () => {
    const h = await createHarness();
    const url = h.database.target.engine === "postgres" ? h.database.target.url : "";
    const sql = guardTransactions(postgres(url, { max: 2, onnotice: () => {} }));
    clients.push(sql);
    await sql`create table if not exists begin_probe (n int)`;
    // The first statement writes, the second reads the transaction id: both inside one transaction.
    const ids = await sql.begin(async (tx) => {
      const [first] = await tx<
        { id: string }[]
      >`insert into begin_probe values (1) returning txid_current()::text as id`;
      const [second] = await tx<{ id: string }[]>`select txid_current()::text as id`;
      return [first?.id, second?.id];
    });
    expect(ids[0]).toBeDefined();
    expect(ids[0]).toBe(ids[1]);
    // A failure after the first write takes that write back.
    await expect(
      sql.begin(async (tx) => {
        await tx`insert into begin_probe values (2)`;
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(await sql<{ n: number }[]>`select n from begin_probe order by n`).toEqual([{ n: 1 }]);
  });
});
