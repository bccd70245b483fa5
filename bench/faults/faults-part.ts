import type { Figures } from "../lib/figures.js";
import { adminUrl, createScratchDatabase, dropScratchDatabase } from "../lib/scratch-db.js";
import { type ServerProcess, startServerProcess } from "../lib/server-process.js";
import { keepAliveAgent } from "../load/http-client.js";
import { type LoadResult, openLoop } from "../load/open-loop.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { slackServerEnv } from "../slack/slack-requests.js";
import { checkDelivery, type DeliveryReport } from "./delivery-check.js";
import { acknowledgedTask, commandAt, kindAt, PROFESSIONALS, setUpFirm } from "./fault-commands.js";
import { localCluster, type Outage, postgresOutage, waitForQuiet } from "./postgres-outage.js";
import { reportFaults } from "./report.js";
import { FULL_PLAN, type Plan, QUICK_PLAN, runScenario, type ScenarioResult } from "./scenario.js";
import { type Phase, type PhaseTally, Tally, TRY_AGAIN, UNCONFIRMED } from "./tally.js";

export const RATE = 100;

export interface FaultsResult {
  rate: number;
  plan: Plan;
  load: Omit<LoadResult, "statuses"> & { statuses: Record<string, number> };
  phases: Record<Phase, PhaseTally>;
  restartMs?: number;
  outage?: Outage;
  outageSkipped?: string;
  chatApiRefusals: number;
  /** The server exiting on its own during the run. */
  crashes: Crash[];
  delivery: DeliveryReport;
}

export interface Crash {
  at: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Whether PostgreSQL may be stopped now, or why not (said in the results). */
const outagePermit = async (quick: boolean, say: (s: string) => void) => {
  if (quick) return { skipped: "quick mode: the PostgreSQL stop/start is skipped (run without --quick)" };
  const cluster = await localCluster(Number(new URL(adminUrl()).port || 5432));
  if (!cluster) return { skipped: "no local pg_ctlcluster cluster serves BENCH_DATABASE_URL's port" };
  const quiet = await waitForQuiet(120_000);
  if (!quiet.quiet) {
    return {
      skipped: `other test or bench processes kept using PostgreSQL for 2 minutes (${quiet.others.length}, e.g. ${quiet.others[0]?.slice(0, 80)}): outage skipped rather than break their runs`,
    };
  }
  if (quiet.waitedMs > 2000)
    say(`  waited ${Math.round(quiet.waitedMs / 1000)} s for other test runs to finish`);
  return { cluster };
};

/**
 * Under a steady 100 signed `/delegate` commands a second against a real server on its own
 * scratch database: kill -9 and restart the server, stop and start PostgreSQL (not in --quick),
 * make the fake Slack API answer 500 then 429; then count what users saw and what was lost.
 */
export const runFaults = async (
  figures: Figures,
  scratch: string,
  quick: boolean,
  note: (line: string) => void,
): Promise<FaultsResult> => {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const plan = quick ? QUICK_PLAN : FULL_PLAN;
  const permit = await outagePermit(quick, say);
  if (permit.skipped) {
    say(`  ${permit.skipped}`);
    note(`faults: ${permit.skipped}`);
  }
  const dbName = `${scratch}_faults`;
  const url = await createScratchDatabase(dbName);
  // Every post is read back after the drain: lost and duplicated notifications.
  const fake = await startBenchSlackApi({ keepPosts: true });
  fake.knows(PROFESSIONALS);
  const agent = keepAliveAgent(512);
  const env = slackServerEnv(fake.url, url);
  let server: ServerProcess | undefined;
  // Exits we did not cause (a crash): counted, and the server started again before the drain.
  const crashes: Crash[] = [];
  let killing = false;
  const watch = (s: ServerProcess): ServerProcess => {
    s.child.once("exit", (code, signal) => {
      if (!killing)
        crashes.push({ at: new Date().toISOString(), code, signal, output: s.output().slice(-1500) });
    });
    return s;
  };
  try {
    server = watch(await startServerProcess(env));
    const { port, base } = server;
    await setUpFirm(agent, base);

    const tally = new Tally();
    const acknowledged = new Set<number>();
    /** Assign requests whose reply said it failed (try again) or that it could not tell. */
    const saidFailed = new Set<number>();
    const saidUnknown = new Set<number>();
    let latest = 0;
    let phase: Phase = "steady";
    const phaseOf: Phase[] = [];
    // A fault that starts while a request is in flight is what that request met: count it there.
    const faultsStarted: { at: number; phase: Phase }[] = [];
    const sentAt: number[] = [];
    const metPhase = (i: number): Phase => {
      const answeredAt = Date.now();
      const hit = faultsStarted.find((f) => f.at >= (sentAt[i] ?? 0) && f.at <= answeredAt);
      return hit?.phase ?? phaseOf[i] ?? "steady";
    };
    const cluster = permit.cluster;
    const start = Date.now();
    const load = openLoop({
      agent,
      base,
      rate: RATE,
      durationMs: plan.durationMs,
      timeoutMs: 10_000,
      make: (i) => {
        phaseOf[i] = phase;
        sentAt[i] = Date.now();
        return commandAt(i, latest);
      },
      onAnswer: (i, a, latencyMs) => {
        const met = metPhase(i);
        tally.sent(met);
        tally.answer(met, a, latencyMs, `${kindAt(i)} #${i}`);
        if (kindAt(i) === "assign" && a.status === 200) {
          if (UNCONFIRMED.test(a.body)) saidUnknown.add(i);
          else if (TRY_AGAIN.test(a.body)) saidFailed.add(i);
        }
        const n = a.status === 200 ? acknowledgedTask(a.body) : undefined;
        if (n !== undefined) {
          acknowledged.add(n);
          latest = Math.max(latest, n);
        }
      },
    });
    const scenario = runScenario(start, {
      plan,
      fake,
      note,
      setPhase: (p) => {
        phase = p;
        if (p !== "steady") faultsStarted.push({ at: Date.now(), phase: p });
        say(`  ${((Date.now() - start) / 1000).toFixed(1)} s: ${p}`);
      },
      killAndRestart: async () => {
        const dead = server?.child;
        if (dead && dead.exitCode === null && dead.signalCode === null) {
          const gone = new Promise<void>((r) => dead.once("exit", () => r()));
          killing = true;
          dead.kill("SIGKILL");
          await gone;
          killing = false;
        }
        server = watch(await startServerProcess(env, { port }));
        return server.startupMs;
      },
      outage: cluster ? () => postgresOutage(cluster, plan.dbHoldMs) : undefined,
    });
    // Both run to their end (each is bounded) before either's failure is thrown.
    const [loadDone, scenarioDone] = await Promise.allSettled([load, scenario]);
    if (scenarioDone.status === "rejected") throw scenarioDone.reason;
    if (loadDone.status === "rejected") throw loadDone.reason;
    const result: ScenarioResult = scenarioDone.value;

    if (crashes.length > 0) {
      say(`  the server crashed ${crashes.length}×: ${crashes[0]?.output.slice(-400)}`);
      // As a supervisor would: start it again, so the drain below judges the data, not the process.
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        server = watch(await startServerProcess(env, { port }));
      }
    }
    for (const [p, t] of Object.entries(tally.byPhase)) {
      say(
        `  ${p}: ${t.sent} sent, ${t.ok} ok, ${t.tryAgain} try again, ${t.unconfirmed} check first, ${t.refused} refused, ${t.hang} hangs, ${t.httpError} other`,
      );
    }
    say(`  load done; waiting for the outbox to drain…`);
    const delivery = await checkDelivery(
      url,
      acknowledged,
      fake.posted,
      result.faults,
      quick ? 90_000 : 150_000,
      { saidFailed, saidUnknown },
    );
    const out: FaultsResult = {
      rate: RATE,
      plan,
      load: loadDone.value,
      phases: tally.byPhase,
      ...(result.restartMs !== undefined ? { restartMs: result.restartMs } : {}),
      ...(result.outage ? { outage: result.outage } : {}),
      ...(permit.skipped ? { outageSkipped: permit.skipped } : {}),
      chatApiRefusals: fake.refused(),
      crashes,
      delivery,
    };
    reportFaults(figures, out, tally);
    return out;
  } finally {
    agent.destroy();
    killing = true; // Our own stop, not a crash (the result's crash list is still referenced).
    await server?.stop();
    await fake.close();
    await dropScratchDatabase(dbName).catch((e: unknown) =>
      say(`could not drop ${dbName}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
};
