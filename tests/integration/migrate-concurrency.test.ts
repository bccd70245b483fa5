import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client.js";
import { MIGRATIONS_DIR, migrate, migrationsApplied } from "../../db/migrate.js";
import { createScratchDatabase } from "../support/test-database.js";

/*
 * PostgreSQL only (the postgres project alone includes this file): several replicas starting at once on
 * a fresh database must not trip over each other. drizzle's migrator takes no lock; migrate() does.
 */
const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as {
  entries: { tag: string }[];
};

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe("migrate() on PostgreSQL", () => {
  it("lets three replicas migrate a fresh database at once, applying each migration once", async () => {
    const scratch = await createScratchDatabase("migrate");
    cleanup.push(scratch.drop);
    const replicas: Database[] = [];
    for (let i = 0; i < 3; i++) {
      const replica = await openDatabase({ engine: "postgres", url: scratch.url, poolSize: 2 });
      replicas.push(replica);
      cleanup.push(() => replica.close());
    }
    const [first] = replicas;
    if (!first) throw new Error("no replica");
    expect(await migrationsApplied(first).catch(() => "no migrations table")).toBe("no migrations table");

    const results = await Promise.allSettled(replicas.map((r) => migrate(r)));
    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual([
      "ok",
      "ok",
      "ok",
    ]);

    const applied = await first.query<{ hash: string }>("select hash from drizzle.__drizzle_migrations");
    expect(applied).toHaveLength(journal.entries.length);
    expect(new Set(applied.map((r) => r.hash)).size).toBe(journal.entries.length);
    for (const replica of replicas) expect(await migrationsApplied(replica)).toBe(true);

    const [tables] = await first.query<{ n: number }>(
      "select count(*)::int as n from information_schema.tables where table_schema = 'public'",
    );
    expect(tables?.n).toBeGreaterThanOrEqual(15);
    const [trigger] = await first.query<{ n: number }>(
      "select count(*)::int as n from pg_trigger where tgname = 'audit_events_append_only'",
    );
    expect(trigger?.n).toBe(1);

    // A later start (a restart, a fourth replica) finds nothing to do.
    await migrate(first);
    expect(await first.query("select 1 from drizzle.__drizzle_migrations")).toHaveLength(
      journal.entries.length,
    );
  });
});
