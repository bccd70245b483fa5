import { sql } from "drizzle-orm";
import pino from "pino";
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createCore } from "../../src/core.js";
import { createHarness, type Harness, sayOk, seedFirm } from "../support/core-harness.js";
import { openSecondConnection } from "../support/test-database.js";

/*
 * PostgreSQL only (vitest.config.ts). PostgreSQL plans a prepared statement for its values on its
 * first five runs and keeps one generic plan after that when it looks no dearer. A statement whose
 * generic plan never does is planned again on every run: `list`'s page, with its size as `limit $n`,
 * paid 0.3 ms of planning for 0.1 ms of work on each list (docs/performance.md). The core runs here
 * on a pool of one connection, so pg_prepared_statements shows what its statements cost. Nor does
 * PostgreSQL compile a statement to machine code for Delegate (db/client.ts turns JIT off).
 */
const PLANNING = 8;
const COPIES = 400;

/**
 * A firm with two thousand tasks, as a busy firm has after a year: with the tens of rows a test
 * usually makes, PostgreSQL finds every plan cheap and keeps the generic one whatever the SQL.
 */
const busyFirm = async (): Promise<Harness> => {
  const h = await createHarness();
  await seedFirm(h);
  for (let i = 0; i < 5; i++) {
    await sayOk(h, "bob", `assign @maria "Review ${i}" matter:M-1 due:2026-12-${10 + i} est:1h`);
  }
  await h.database.db.execute(
    sql.raw(`insert into tasks (firm_id, number, matter_id, category, title, assignee_id, supervisor_id, due_at, status)
     select firm_id, number + 5 * g, matter_id, category, title, assignee_id, supervisor_id,
       due_at + g * interval '1 hour', status
     from tasks, generate_series(1, ${COPIES}) g; analyze`),
  );
  return h;
};

const preparedStatements = z.array(
  z.object({ generic: z.number(), custom: z.number(), statement: z.string() }),
);

const onOneConnection = async (h: Harness) => {
  const database = await openSecondConnection({ poolSize: 1 });
  const core = createCore({ db: database.db, clock: h.clock, logger: pino({ level: "silent" }) });
  const say = (user: string, text: string) => core.handle({ speaker: h.speaker(user), text });
  const plans = async (fragment: string) => {
    const rows = preparedStatements.parse(
      await database.db.execute(
        sql`select generic_plans::int as generic, custom_plans::int as custom, statement from pg_prepared_statements`,
      ),
    );
    return rows.filter((r) => r.statement.includes(fragment));
  };
  return { say, plans };
};

describe("prepared statements keep their plan", () => {
  it("the first page of a list is planned once, whoever lists and whatever the scope", async () => {
    const h = await busyFirm();
    const { say, plans } = await onOneConnection(h);
    for (let i = 0; i < PLANNING; i++) {
      for (const [who, text] of [
        ["bob", "list all"],
        ["bob", "list"],
        ["maria", "list all"],
        ["bob", "list review"],
      ] as const) {
        const view = await say(who, text);
        expect(view.tone, text).toBe("info");
      }
    }
    const pages = await plans(`"tasks"."id" in (select "id" from "tasks"`);
    expect(pages).toHaveLength(4);
    for (const page of pages) {
      expect(page.generic + page.custom, page.statement).toBe(PLANNING);
      expect(page.generic, `planned on every run: ${page.statement}`).toBeGreaterThan(0);
    }
  });
});

/** EXPLAIN's JSON: its "JIT" section says PostgreSQL compiled the statement to machine code. */
const explained = z.array(z.object({ "QUERY PLAN": z.array(z.record(z.string(), z.unknown())) }));
const compiles = async (query: (text: string) => Promise<unknown>): Promise<boolean> => {
  // Any statement is dear enough to compile once the threshold is 0 (the session's own setting).
  await query("set jit_above_cost = 0");
  const [plan] = explained.parse(
    await query(
      "explain (analyze, format json) select count(*) from generate_series(1, 1000) g where g % 7 = 3",
    ),
  );
  return plan?.["QUERY PLAN"][0]?.JIT !== undefined;
};

describe("no statement compiled to machine code", () => {
  it("Delegate's connections never JIT-compile; a default session on the same server does", async () => {
    // One connection each, so that the session setting and the statement share it.
    const database = await openSecondConnection({ poolSize: 1 });
    if (database.target.engine !== "postgres") throw new Error("PostgreSQL only");
    expect(await compiles((text) => database.query(text))).toBe(false);
    const plain = postgres(database.target.url, { max: 1, onnotice: () => {} });
    try {
      // pg_jit_available(): the server can compile (its LLVM is installed) and the session lets it.
      const [session] = await plain<{ jit: boolean }[]>`select pg_jit_available() as jit`;
      expect(await compiles((text) => plain.unsafe(text))).toBe(session?.jit);
    } finally {
      await plain.end({ timeout: 5 });
    }
  });
});
