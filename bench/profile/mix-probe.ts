/**
 * `npx tsx bench/profile/mix-probe.ts [rates] [seconds] [server script or build main.js]`: the Slack
 * part's 70/30 mix at each rate (comma-separated) on the quick world, then, per rate: latency, the
 * socket writes the server made a request (/proc/<pid>/io: its round trips to PostgreSQL, its
 * answers and its deliveries), the CPU of the server, the PostgreSQL backends and the bench itself
 * (with the fake Slack API), the slowest answer of each 250 ms window (a stall shows as one slow
 * window, saturation as a rising queue) and p50/p99 by command. A build's main.js is run as
 * `ab.ts` runs it (copy build/ to .ab-<name>/ at the top of the repository).
 * Environment: KIND=list|show|assign sends that command only; FULL=1 seeds the full world
 * (1,000,000 tasks); PROFILE_DIR=dir writes a CPU profile of the server; SHOW_OUTPUT=1 prints the
 * server's last output and what its outbox holds.
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { killAll } from "../lib/children.js";
import { processTicks } from "../lib/load.js";
import { dropScratchDatabase, watchOurBackends } from "../lib/scratch-db.js";
import { sleep, startServerProcess } from "../lib/server-process.js";
import { summarize } from "../lib/stats.js";
import { keepAliveAgent } from "../load/http-client.js";
import { openLoop } from "../load/open-loop.js";
import { seedWorld } from "../scale/seed-world.js";
import { FULL_SHAPE, QUICK_SHAPE } from "../scale/shape.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { commandFor, kindAt, type SlackCommandKind, slackServerEnv } from "../slack/slack-requests.js";

const SCRATCH = `delegate_bench_probe_${process.pid}`;
const rates = (process.argv[2] ?? "400").split(",").map(Number);
const seconds = Number(process.argv[3] ?? 5);
const script = process.argv[4];
const KINDS: readonly SlackCommandKind[] = ["list", "show", "assign"];
const only = KINDS.find((k) => k === process.env.KIND);
if (process.env.KIND && !only) throw new Error(`KIND must be one of ${KINDS.join(", ")}`);
const kindOf = (i: number): SlackCommandKind => only ?? kindAt(i);

// FULL=1: the full run's world (1,000,000 tasks), as `npm run bench` measures on.
const SHAPE = process.env.FULL ? FULL_SHAPE : QUICK_SHAPE;
const world = await seedWorld(SCRATCH, SHAPE);
const api = await startBenchSlackApi();
const agent = keepAliveAgent(1024);
let backends: () => Promise<number[]> = async () => [];
const stopWatching = watchOurBackends((fn) => {
  backends = fn;
});
try {
  const server = await startServerProcess(slackServerEnv(api.url, world.url), {
    ...(script?.endsWith(".js") ? { entry: script } : script ? { script } : {}),
    ...(process.env.PROFILE_DIR ? { cpuProfileDir: process.env.PROFILE_DIR } : {}),
  });
  const firms = Math.min(100, SHAPE.firms - 1);
  const make = (i: number) => commandFor(kindOf(i), i, firms, SHAPE.attorneys);
  await openLoop({ agent, base: server.base, rate: 100, durationMs: 3000, make });
  for (const rate of rates) {
    const pg = await backends();
    const pids = { server: [server.pid], postgres: pg, bench: [process.pid] };
    const before = Object.fromEntries(Object.entries(pids).map(([k, ps]) => [k, ps.map(processTicks)]));
    const syscw = () => Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${server.pid}/io`, "utf8"))?.[1] ?? 0);
    const writesBefore = syscw();
    const t0 = performance.now();
    const answers: { at: number; kind: string; ms: number }[] = [];
    const interval = 1000 / rate;
    const r = await openLoop({
      agent,
      base: server.base,
      rate,
      durationMs: seconds * 1000,
      make,
      onAnswer: (i, _a, ms) => answers.push({ at: i * interval, kind: kindOf(i), ms }),
    });
    const wall = (performance.now() - t0) / 1000;
    const writes = (syscw() - writesBefore) / Math.max(1, r.sent);
    const cores = Object.entries(pids).map(([k, ps]) => {
      const ticks = ps.reduce((s, p, j) => s + processTicks(p) - (before[k]?.[j] ?? 0), 0);
      return `${k} ${(ticks / 100 / wall).toFixed(2)} (${((ticks * 10) / r.sent).toFixed(2)} ms a request)`;
    });
    process.stdout.write(
      `\n${rate}/s: p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} max ${r.latency.max.toFixed(0)} ms, ${r.ok}/${r.sent}; ${writes.toFixed(1)} socket writes a request; cores: ${cores.join(", ")}\n`,
    );
    const windows = new Map<number, number[]>();
    for (const s of answers) {
      const w = Math.floor(s.at / 250);
      windows.set(w, [...(windows.get(w) ?? []), s.ms]);
    }
    process.stdout.write(
      `${[...windows]
        .sort((a, b) => a[0] - b[0])
        .map(([w, ms]) => `${(w * 0.25).toFixed(2)}s:${Math.max(...ms).toFixed(0)}`)
        .join(" ")}\n`,
    );
    for (const kind of KINDS) {
      const by = summarize(answers.filter((a) => a.kind === kind).map((a) => a.ms));
      if (by.n > 0) process.stdout.write(`  ${kind}: p50 ${by.p50.toFixed(1)} p99 ${by.p99.toFixed(1)}\n`);
    }
    await sleep(1500);
  }
  if (process.env.SHOW_OUTPUT) {
    process.stdout.write(`server output (tail):\n${server.output()}\n`);
    const sql = postgres(world.url, { max: 1, onnotice: () => {} });
    const rows = await sql`select kind, status, count(*)::int as n from outbox group by 1, 2 order by 3 desc`;
    process.stdout.write(`outbox: ${rows.map((r) => `${r.kind}/${r.status} ${r.n}`).join(", ")}\n`);
    await sql.end();
  }
  await server.stop();
} finally {
  agent.destroy();
  killAll();
  await stopWatching().catch(() => {});
  await api.close();
  await dropScratchDatabase(SCRATCH);
}
process.exit(0);
