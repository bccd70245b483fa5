import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { createCore } from "../../src/commands/dispatch.js";
import { TestClock } from "../support/core-harness.js";
import { createScratchDatabase } from "../support/test-database.js";

/*
 * PostgreSQL only: three real replica processes (tests/support/scheduler-process.ts) run the
 * scheduler with both crons firing every second, and the outbox loop, against one database.
 * Every alert and the digest are claimed and delivered exactly once; then one replica is killed
 * with SIGKILL while sending, and the others deliver everything it held, repeating at most the
 * message it had sent but not yet marked (the documented at-least-once window).
 */
const ROOT = join(import.meta.dirname, "..", "..");
const ZONE = "America/New_York";

interface Replica {
  name: string;
  child: ChildProcess;
  lines: string[];
  ready: Promise<void>;
}

const startReplica = (name: string, url: string): Replica => {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/scheduler-process.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      ALERT_CRON: "* * * * * *",
      DIGEST_CRON: "* * * * * *",
      SEND_DELAY_MS: "60",
      // Short, so a killed replica's claims come back within the test; long enough that a replica
      // slowed down by a busy machine still marks what it sent before its lease runs out (a lease
      // that expires mid-send is the documented at-least-once window, not what this test is about).
      LEASE_MS: "8000",
      REPLICA: name,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let partial = "";
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    onReady = resolve;
  });
  child.stdout?.on("data", (d: Buffer) => {
    const parts = (partial + d.toString("utf8")).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      if (line === "READY") onReady();
    }
  });
  return { name, child, lines, ready };
};

/** outbox id → how many times each replica sent it. */
const sends = (replicas: Replica[]): Map<number, string[]> => {
  const byId = new Map<number, string[]>();
  for (const r of replicas) {
    for (const line of r.lines) {
      const m = /^SEND (\d+) /.exec(line);
      if (m) byId.set(Number(m[1]), [...(byId.get(Number(m[1])) ?? []), r.name]);
    }
  }
  return byId;
};

const waitFor = async (what: string, done: () => Promise<boolean> | boolean, timeoutMs = 40_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

const local = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-MM-dd HH:mm");

describe("scheduled jobs on three replicas", () => {
  let database: Database;
  let drop: () => Promise<void>;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    const scratch = await createScratchDatabase("replicas");
    drop = scratch.drop;
    database = await openDatabase({ engine: "postgres", url: scratch.url, poolSize: 2 });
    await migrate(database);
  });

  afterAll(async () => {
    for (const r of replicas)
      if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
    await database?.close();
    await drop?.();
  });

  it("delivers each alert and the digest once, and loses nothing when a replica is killed", {
    timeout: 150_000,
  }, async () => {
    // The replicas start (slow: each compiles TypeScript) while the firm is being set up.
    const url = database.target.engine === "postgres" ? database.target.url : "";
    for (const name of ["r1", "r2", "r3"]) replicas.push(startReplica(name, url));
    const now = Date.now();
    // The fixture is built as a firm would, a week ago, on a clock the test sets.
    const clock = new TestClock(new Date(now - 8 * 86_400_000));
    const core = createCore({ db: database.db, clock, logger: pino({ level: "silent" }) });
    const say = async (user: string, text: string, at?: number) => {
      if (at !== undefined) clock.set(new Date(at));
      const v = await core.handle({
        speaker: {
          platform: "console",
          workspaceId: "console",
          userId: user,
          userName: user,
          channelId: "digest",
        },
        text,
        directory: {
          lookup: async (ref) => (ref.name ? { userId: ref.name, displayName: ref.name } : undefined),
        },
      });
      expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
    };
    const ndaExpires = DateTime.fromMillis(now, { zone: ZONE }).plus({ days: 10 }).toISODate();
    await say("alice", `setup firm:"Smith & Lee LLP" tz:${ZONE} rate:300`);
    await say("alice", "team add @bob role:attorney rate:400");
    // Works every hour of every day, so no reminder is held for working hours in this test.
    await say(
      "alice",
      `team add @maria role:professional tz:${ZONE} hours:00:00-24:00 days:mon-sun nda:2026-01-01 nda-expires:${ndaExpires}`,
    );
    await say("alice", 'matter add M-1 "Smith v. Jones"');
    await say("alice", "digest here");
    const assign = (title: string, dueMs: number) =>
      say("bob", `assign @maria "${title}" matter:M-1 due:"${local(dueMs)}"`);
    await assign("Due within 2 h", now + 60 * 60_000); // T-1: due_soon_120
    await assign("Due within 24 h", now + 20 * 3_600_000); // T-2: due_soon_1440
    await assign("Just overdue", now - 60 * 60_000); // T-3: overdue (maria, bob)
    await assign("Long overdue", now - 6 * 86_400_000); // T-4: overdue, then the admins
    await assign("Waiting for review", now + 10 * 86_400_000); // T-5
    await say("maria", "submit T-5", now - 6 * 86_400_000);

    await Promise.all(replicas.map((r) => r.ready));

    const outboxRows = () =>
      database.query<{ id: number; kind: string; status: string }>(
        "select id::int as id, kind, status::text as status from outbox order by id",
      );
    const allSent = async () => {
      const rows = await outboxRows();
      const s = sends(replicas);
      return rows.length > 0 && rows.every((r) => r.status === "sent" && s.has(r.id));
    };
    await waitFor(
      "the first wave of alerts and the digest",
      async () => (await allSent()) && (await outboxRows()).some((r) => r.kind === "digest.weekly"),
    );
    // A few more seconds of every replica's crons firing find nothing new to do.
    await new Promise((r) => setTimeout(r, 2_500));

    const rows = await outboxRows();
    const kinds = rows.map((r) => r.kind).filter((k) => !k.startsWith("task."));
    expect(kinds.sort()).toEqual(
      [
        "alert.due_soon_120",
        "alert.due_soon_1440",
        "alert.overdue",
        "alert.overdue",
        "alert.overdue",
        "alert.overdue",
        "alert.overdue_admins",
        "alert.review_waiting",
        "alert.nda_expiring",
        "digest.weekly",
      ].sort(),
    );
    const first = sends(replicas);
    expect([...first.entries()].filter(([, by]) => by.length !== 1)).toEqual([]);
    expect(first.size).toBe(rows.length);
    const [digestRuns] = await database.query<{ n: number }>(
      "select count(*)::int as n from job_runs where job = 'digest'",
    );
    expect(digestRuns?.n).toBe(1);
    const [ledger] = await database.query<{ n: number }>("select count(*)::int as n from alert_ledger");
    expect(ledger?.n).toBe(6);
    const printed = replicas.flatMap((r) => r.lines.filter((l) => l.startsWith("→ #digest: Weekly digest")));
    expect(printed).toHaveLength(1);

    // Second wave: eight tasks due within two hours (an assignment and a reminder each), and a
    // replica killed as soon as it starts sending them.
    const before = rows.length;
    clock.set(new Date(now - 86_400_000));
    for (let i = 0; i < 8; i++) await assign(`Wave two ${i}`, now + 90 * 60_000);
    let victim: Replica | undefined;
    await waitFor("a replica sending the second wave", () => {
      victim = replicas.find((r) => [...sends([r]).keys()].some((id) => id > (rows.at(-1)?.id ?? 0)));
      return victim !== undefined;
    });
    victim?.child.kill("SIGKILL");
    await waitFor("the survivors to deliver the second wave", async () => {
      const all = await outboxRows();
      return all.length === before + 16 && (await allSent());
    });
    await new Promise((r) => setTimeout(r, 1_000));

    const final = await outboxRows();
    expect(final.filter((r) => r.kind === "alert.due_soon_120")).toHaveLength(9);
    expect(final.every((r) => r.status === "sent")).toBe(true);
    const all = sends(replicas);
    expect(all.size).toBe(final.length);
    // The only repeats: what the killed replica had sent but not yet marked sent, at most once more.
    const repeated = [...all.entries()].filter(([, by]) => by.length > 1);
    for (const [, by] of repeated) {
      expect(by).toHaveLength(2);
      expect(by).toContain(victim?.name);
    }
    expect(repeated.length).toBeLessThanOrEqual(1);

    for (const r of replicas) if (r !== victim) r.child.kill("SIGTERM");
    await Promise.all(
      replicas
        .filter((r) => r !== victim)
        .map(
          (r) =>
            new Promise((resolve) =>
              r.child.exitCode !== null ? resolve(null) : r.child.once("exit", resolve),
            ),
        ),
    );
  });
});
