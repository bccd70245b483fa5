import { sql } from "drizzle-orm";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../db/client.js";
import { type Core, createCore } from "../../src/commands/dispatch.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, seedFirm, textOf } from "../support/core-harness.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

/*
 * PostgreSQL only (vitest.config.ts): a core whose pool reaches the worker's database through a
 * loopback TCP proxy that the test cuts (PostgreSQL stopped: connections reset, new ones refused)
 * or blackholes (a network that stops delivering: nothing is ever answered). Every command must
 * be answered within the bound, say honestly what happened, and change nothing it says it did
 * not. What was written is read over the harness's own connection, which the proxy never touches.
 */

/** "Does not hang": the core answers within 2.5 s; this leaves room for a busy machine. */
const BOUND_MS = 5000;
const ASSIGN = (title: string) => `assign @maria "${title}" matter:M-1 due:"fri 5pm"`;

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

interface Setup {
  h: Harness;
  proxy: TcpProxy;
  proxied: Database;
  core: Core;
  /** A command through the proxy, with how long it took; "hung" if no answer within BOUND_MS. */
  say(text: string): Promise<{ view: View | "hung"; ms: number }>;
  tasks(): Promise<number>;
}

const setUp = async (poolSize = 4): Promise<Setup> => {
  const h = await createHarness();
  await seedFirm(h);
  const { target } = h.database;
  if (target.engine !== "postgres") throw new Error("PostgreSQL only");
  const server = new URL(target.url);
  const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const proxied = await openDatabase({ engine: "postgres", url: proxy.url(target.url), poolSize });
  cleanup.push(async () => {
    await proxy.restore();
    await proxied.close();
    await proxy.close();
  });
  const core = createCore({ db: proxied.db, clock: h.clock, logger: pino({ level: "silent" }) });
  const say = async (text: string) => {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const view = await Promise.race([
      core.handle({ speaker: h.speaker("bob"), text }),
      new Promise<"hung">((resolve) => {
        timer = setTimeout(() => resolve("hung"), BOUND_MS);
      }),
    ]);
    clearTimeout(timer);
    return { view, ms: Date.now() - started };
  };
  const tasks = async () =>
    (await h.database.query<{ n: number }>("select count(*)::int as n from tasks"))[0]?.n ?? -1;
  return { h, proxy, proxied, core, say, tasks };
};

const text = (answer: { view: View | "hung" }): string =>
  answer.view === "hung" ? "(no answer)" : textOf(answer.view);

/** Retries `text` until it is answered without error (the database came back), up to 15 s. */
const untilAnswered = async (s: Setup, command: string): Promise<View> => {
  const until = Date.now() + 15_000;
  for (;;) {
    const { view } = await s.say(command);
    if (view !== "hung" && view.tone !== "error") return view;
    if (Date.now() > until) throw new Error(`still failing after 15 s: ${text({ view })}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

describe("a PostgreSQL outage", () => {
  it("stopped server: every command, even a burst of them, is told at once to try again, nothing is written, and it works again once the server is back", async () => {
    const s = await setUp();
    expect(text(await s.say(ASSIGN("Before")))).toMatch(/^Assigned T-1 to maria/);
    const before = await s.tasks();

    await s.proxy.cut();
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => s.say(i % 3 === 2 ? "list" : ASSIGN(`During ${i}`))),
    );
    for (const a of answers) {
      expect(a.view).not.toBe("hung");
      expect(a.ms).toBeLessThan(BOUND_MS);
      expect(text(a)).toBe(
        "Delegate cannot reach its database right now, so nothing was changed. Please try again in a minute.",
      );
    }
    // Once it knows, it does not wait for the database at all.
    const known = await s.say(ASSIGN("Known down"));
    expect(text(known)).toMatch(/cannot reach its database/);
    expect(known.ms).toBeLessThan(500);

    await s.proxy.restore();
    expect(textOf(await untilAnswered(s, "list"))).not.toMatch(/During|Known down/);
    expect(text(await s.say(ASSIGN("After")))).toMatch(/^Assigned T-2 to maria/);
    expect(await s.tasks()).toBe(before + 1);
  });

  it("network that stops answering: the command is answered within the bound, the started transaction is rolled back, and the pool recovers", async () => {
    const s = await setUp(1);
    const before = await s.tasks();
    // Held from the INSERT on: the transaction has begun and sent its first write when the network goes.
    s.proxy.blackholeFrom(Buffer.from('insert into "tasks"'));
    const answer = await s.say(ASSIGN("Lost in the network"));
    expect(answer.view).not.toBe("hung");
    expect(text(answer)).toBe(
      "Delegate's database did not answer in time, so nothing was changed. Please try again in a minute.",
    );

    // The network heals: the held INSERT arrives and runs, but the transaction must not commit.
    await s.proxy.restore();
    await untilAnswered(s, "list");
    expect(await s.tasks()).toBe(before);
    expect(text(await s.say(ASSIGN("After")))).toMatch(/^Assigned T-1 to maria/);
    expect(await s.tasks()).toBe(before + 1);
  });

  it("network that stops answering after COMMIT was sent: the reply does not claim failure, it says to check first; the task exists once", async () => {
    // One connection, fresh: the first COMMIT on it carries the statement's text (later ones are prepared).
    const s = await setUp(1);
    const before = await s.tasks();
    s.proxy.blackholeFrom(Buffer.from("commit\0"));
    const answer = await s.say(ASSIGN("Maybe saved"));
    expect(answer.view).not.toBe("hung");
    expect(text(answer)).toBe(
      "Delegate lost touch with its database while saving this, so it cannot tell whether it was saved. Check (list mine, or show the task) before you try again.",
    );

    await s.proxy.restore();
    const list = await untilAnswered(s, "list mine");
    expect(textOf(list)).toMatch(/Maybe saved/);
    expect(await s.tasks()).toBe(before + 1);
  });

  it("server that cannot be connected to at all (logins never answered): answered within the bound", async () => {
    const s = await setUp();
    // Close the pool's connections so the next command has to log in, through the blackhole.
    await s.proxy.cut();
    await s.proxy.restore();
    s.proxy.blackhole();
    const answers = await Promise.all([s.say(ASSIGN("No login")), s.say("list")]);
    for (const a of answers) {
      expect(a.view).not.toBe("hung");
      expect(text(a)).toMatch(/^Delegate('s database did not answer in time| cannot reach its database)/);
    }
    expect(await s.tasks()).toBe(0);
  });

  it("one session killed on a healthy server: only its statement fails, the next command is not refused", {
    timeout: 60_000,
  }, async () => {
    const s = await setUp();
    const sleeping = s.proxied.db.execute(sql`select pg_sleep(30) as outage_test_sleep`);
    const failed = sleeping.then(
      () => undefined,
      (e: unknown) => e,
    );
    let terminated = 0;
    // Until the sleeping statement shows up (a busy machine may take a few seconds to send it).
    for (const until = Date.now() + 15_000; terminated === 0 && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 20));
      const rows = await s.h.database.query<{ ok: boolean }>(
        // Only the sleeping statement itself: this worker's database (other test runs on the server
        // sleep too), running now (an idle session shows its last statement, which may be this very
        // look-up, sent earlier on another pooled connection).
        "select pg_terminate_backend(pid) as ok from pg_stat_activity where datname = current_database() and state = 'active' and query like 'select pg_sleep(30) as outage_test_sleep%'",
      );
      terminated = rows.length;
    }
    expect(terminated).toBe(1);
    expect(await failed).toBeDefined();
    // Right away, while the pool is still finding out whether PostgreSQL answers: not refused.
    const next = await s.say(ASSIGN("Right after"));
    expect(text(next)).toMatch(/^Assigned T-1 to maria/);
  });
});
