import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { auditProtection } from "../../db/runtime-role.js";
import { createCore } from "../../src/commands/dispatch.js";
import { parseConfig } from "../../src/config.js";
import { startApp } from "../../src/core-runtime.js";
import { createLogger } from "../../src/logger.js";
import { verifyChain } from "../../src/services/audit-chain.js";
import { TestClock } from "../support/core-harness.js";
import { testRunId, testWorkerId } from "../support/env.js";
import { captureLogs } from "../support/log-capture.js";
import { createScratchDatabase, onServer } from "../support/test-database.js";

/*
 * PostgreSQL only (vitest.config.ts): the role split with two real roles on a scratch database. The
 * owner runs the migrations (MIGRATION_DATABASE_URL); the runtime role (DATABASE_URL) serves, and
 * has no way to change the audit trail or what protects it.
 */
const prefix = `delegate_test_${testRunId()}_${testWorkerId()}`;
const OWNER = `${prefix}_owner`;
const RUNTIME = `${prefix}_app`;

const as = (url: string, role: string): string => {
  const u = new URL(url);
  u.username = role;
  u.password = "";
  return u.toString();
};

/** The SQLSTATE a statement fails with, or "succeeded". */
const outcome = async (database: Database, statement: string): Promise<string> => {
  try {
    await database.query(statement);
    return "succeeded";
  } catch (e) {
    return String((e as { code?: unknown }).code ?? e);
  }
};

describe("database roles: migrations as the owner, the server as a role that owns nothing", () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let ownerUrl: string;
  let runtimeUrl: string;
  let runtime: Database;
  let owner: Database;

  beforeAll(async () => {
    await onServer(async (sql) => {
      for (const role of [RUNTIME, OWNER]) await sql.unsafe(`drop role if exists ${role}`);
      await sql.unsafe(`create role ${OWNER} login`);
      await sql.unsafe(`create role ${RUNTIME} login`);
    });
    scratch = await createScratchDatabase("roles");
    // The owner owns the database, hence (PostgreSQL 15) its public schema.
    await onServer((sql) => sql.unsafe(`alter database ${scratch.name} owner to ${OWNER}`));
    ownerUrl = as(scratch.url, OWNER);
    runtimeUrl = as(scratch.url, RUNTIME);
    runtime = await openDatabase({ engine: "postgres", url: runtimeUrl, poolSize: 2 });
    await migrate(runtime, { ownerUrl });
    owner = await openDatabase({ engine: "postgres", url: ownerUrl, poolSize: 1 });
  });

  afterAll(async () => {
    await Promise.all([runtime?.close(), owner?.close()]);
    await scratch?.drop();
    await onServer(async (sql) => {
      for (const role of [RUNTIME, OWNER]) await sql.unsafe(`drop role if exists ${role}`);
    });
  });

  it("lets the runtime role work: commands run, events chain, the trail verifies", async () => {
    const core = createCore({
      db: runtime.db,
      clock: new TestClock(new Date("2026-12-01T14:00:00Z")),
      logger: createLogger("silent"),
    });
    const speaker = (user: string) => ({
      platform: "console" as const,
      workspaceId: "console",
      userId: user,
    });
    const say = (user: string, text: string) => core.handle({ speaker: speaker(user), text });
    for (const [user, text] of [
      ["alice", 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300'],
      ["alice", "team add @bob role:attorney"],
      ["alice", 'matter add M-1 "Smith v. Jones"'],
      ["alice", "link"],
    ] as const) {
      expect((await say(user, text)).tone, text).not.toBe("error");
    }
    const verified = await say("alice", "audit verify");
    expect(verified.lines[0]).toMatch(/^Audit trail intact: 5 events/);
    const [firm] = await runtime.query<{ id: string }>("select id from firms");
    expect(await verifyChain(runtime.db, firm?.id ?? "")).toMatchObject({ intact: true, events: 6 });
    expect(await auditProtection(runtime)).toEqual({ protected: true });
  });

  it("refuses the runtime role every way to rewrite the trail or disarm what protects it", async () => {
    const refusals = [
      "update audit_events set action = 'task.forged'",
      "delete from audit_events",
      "truncate audit_events",
      "alter table audit_events disable trigger user",
      "alter table audit_events disable trigger audit_events_chain",
      "alter table audit_events disable trigger all",
      "drop trigger audit_events_append_only on audit_events",
      "drop trigger audit_events_chain on audit_events",
      "create trigger sneaky before insert on audit_events for each row execute function audit_events_refuse_change()",
      "create or replace function audit_events_chain() returns trigger language plpgsql as $$ begin return new; end $$",
      "create or replace function audit_events_refuse_change() returns trigger language plpgsql as $$ begin return new; end $$",
      "drop function audit_event_hash(audit_events) cascade",
      `alter function audit_events_chain() owner to ${RUNTIME}`,
      `alter table audit_events owner to ${RUNTIME}`,
      "alter table audit_events rename to audit_events_old",
      "alter table audit_events drop column hash",
      "drop table audit_events cascade",
      "update audit_chain_heads set seq = 0",
      "delete from audit_chain_heads",
      "insert into audit_chain_heads (firm_id, seq, hash) select id, 1, 'x' from firms",
      "truncate audit_chain_heads",
      "alter table audit_chain_heads disable trigger all",
      "drop table audit_chain_heads",
      "select setval('audit_events_id_seq', 1)",
      "set session_replication_role = replica",
      `set role ${OWNER}`,
      "drop schema public cascade",
    ];
    const results: Record<string, string> = {};
    for (const statement of refusals) results[statement] = await outcome(runtime, statement);
    // 42501 insufficient_privilege (including "must be owner of …").
    expect(results).toEqual(Object.fromEntries(refusals.map((s) => [s, "42501"])));
    // Nothing changed: the trail still verifies, and the protection check still holds.
    expect(await auditProtection(runtime)).toEqual({ protected: true });
    const [firm] = await runtime.query<{ id: string }>("select id from firms");
    expect(await verifyChain(runtime.db, firm?.id ?? "")).toMatchObject({ intact: true, events: 6 });
  });

  it("ignores what an insert says about the chain: the database numbers and hashes it", async () => {
    const [firm] = await runtime.query<{ id: string }>("select id from firms");
    const [row] = await runtime.query<{ seq: string; hash: string }>(
      `insert into audit_events (firm_id, at, action, seq, prev_hash, hash)
       values ($1, now(), 'forged', 1, 'x', 'y') returning seq, hash`,
      [firm?.id],
    );
    expect(Number(row?.seq)).toBe(7);
    expect(row?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyChain(runtime.db, firm?.id ?? "")).toMatchObject({ intact: true, events: 7 });
  });

  it("says why protection rests on the hash chain when the server runs as the owner", async () => {
    const check = await auditProtection(owner);
    expect(check.protected).toBe(false);
    expect(check.protected ? [] : check.reasons).toEqual(
      expect.arrayContaining([
        "the database role owns the audit tables (it ran the migrations)",
        "the database role owns the audit trigger functions",
        "the database role owns the database",
      ]),
    );
  });

  it("warns at start-up without the split, and not with it", async () => {
    const start = async (env: Record<string, string>) => {
      const log = captureLogs();
      const app = await startApp(parseConfig({ PORT: "0", HOST: "127.0.0.1", ...env }), log.logger);
      await app.stop();
      return log.logged();
    };
    const split = await start({ DATABASE_URL: runtimeUrl, MIGRATION_DATABASE_URL: ownerUrl });
    expect(split).not.toContain("protection rests on the hash chain");
    const single = await start({ DATABASE_URL: ownerUrl });
    expect(single).toContain("audit trail protection rests on the hash chain alone");
    expect(single).toContain("the database role owns the audit tables (it ran the migrations)");
    expect(single).toContain('docs/operations.md, \\"Database roles\\"');
  });
});
