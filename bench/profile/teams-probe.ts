/**
 * `npx tsx bench/profile/teams-probe.ts [rates] [seconds] [build main.js]`: the Teams part's load
 * (half `list all` messages, half Adaptive Card clicks, replies through the fake connector) at each
 * rate (comma-separated) on the quick world, then per rate: latency, the CPU of the server, the
 * PostgreSQL backends and the bench itself (with the fake connector), the slowest answer of each
 * 250 ms window (a stall shows as one slow window, saturation as a rising queue) and p50/p99 by kind.
 * Environment: FULL=1 seeds the full world (1,000,000 tasks), as `npm run bench` measures on;
 * PROFILE_DIR=dir writes a CPU profile of the server.
 */
import { startFakeBotConnector } from "../../tests/support/fake-bot-connector.js";
import { killAll } from "../lib/children.js";
import { processTicks } from "../lib/load.js";
import { dropScratchDatabase, watchOurBackends } from "../lib/scratch-db.js";
import { sleep, startServerProcess } from "../lib/server-process.js";
import { summarize } from "../lib/stats.js";
import { type HttpCall, keepAliveAgent } from "../load/http-client.js";
import { openLoop } from "../load/open-loop.js";
import { seedWorld } from "../scale/seed-world.js";
import { FULL_SHAPE, QUICK_SHAPE } from "../scale/shape.js";
import { cardAction, message } from "../teams/teams-activities.js";

const SCRATCH = `delegate_bench_teams_${process.pid}`;
const rates = (process.argv[2] ?? "200").split(",").map(Number);
const seconds = Number(process.argv[3] ?? 5);
const entry = process.argv[4];

const SHAPE = process.env.FULL ? FULL_SHAPE : QUICK_SHAPE;
const world = await seedWorld(SCRATCH, SHAPE);
const connector = await startFakeBotConnector();
const agent = keepAliveAgent(512);
let backends: () => Promise<number[]> = async () => [];
const stopWatching = watchOurBackends((fn) => {
  backends = fn;
});
const firms = Math.min(100, SHAPE.firms - 1);
// The Teams part's 50/50 mix (teams-part.ts).
const kindOf = (i: number) => (i % 2 === 0 ? "message list" : "adaptiveCard/action");
const make = (i: number): HttpCall =>
  i % 2 === 0
    ? message(2 + (i % firms), 1, "list all", connector.url)
    : cardAction(2 + (i % firms), 1, 1 + (i % 200), connector.url);
try {
  const server = await startServerProcess(
    { DATABASE_URL: world.url, TEAMS_EMULATOR: "true" },
    {
      ...(entry ? { entry } : {}),
      ...(process.env.PROFILE_DIR ? { cpuProfileDir: process.env.PROFILE_DIR } : {}),
    },
  );
  await openLoop({ agent, base: server.base, rate: 50, durationMs: 3000, make });
  for (const rate of rates) {
    const pids = { server: [server.pid], postgres: await backends(), bench: [process.pid] };
    const before = Object.fromEntries(Object.entries(pids).map(([k, ps]) => [k, ps.map(processTicks)]));
    const t0 = performance.now();
    const answers: { at: number; kind: string; ms: number }[] = [];
    const r = await openLoop({
      agent,
      base: server.base,
      rate,
      durationMs: seconds * 1000,
      make,
      onAnswer: (i, _a, ms) => answers.push({ at: (i * 1000) / rate, kind: kindOf(i), ms }),
    });
    const wall = (performance.now() - t0) / 1000;
    const cores = Object.entries(pids).map(([k, ps]) => {
      const ticks = ps.reduce((s, p, j) => s + processTicks(p) - (before[k]?.[j] ?? 0), 0);
      return `${k} ${(ticks / 100 / wall).toFixed(2)} (${((ticks * 10) / r.sent).toFixed(2)} ms an activity)`;
    });
    process.stdout.write(
      `\n${rate}/s: p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} max ${r.latency.max.toFixed(0)} ms, ${r.ok}/${r.sent}; cores: ${cores.join(", ")}\n`,
    );
    const windows = new Map<number, number>();
    for (const a of answers) {
      const w = Math.floor(a.at / 250);
      windows.set(w, Math.max(windows.get(w) ?? 0, a.ms));
    }
    process.stdout.write(
      `${[...windows]
        .sort((a, b) => a[0] - b[0])
        .map(([w, ms]) => `${(w * 0.25).toFixed(2)}s:${ms.toFixed(0)}`)
        .join(" ")}\n`,
    );
    for (const kind of ["message list", "adaptiveCard/action"]) {
      const by = summarize(answers.filter((a) => a.kind === kind).map((a) => a.ms));
      if (by.n > 0) process.stdout.write(`  ${kind}: p50 ${by.p50.toFixed(1)} p99 ${by.p99.toFixed(1)}\n`);
    }
    await sleep(1500);
  }
  await server.stop();
} finally {
  agent.destroy();
  killAll();
  await stopWatching().catch(() => {});
  await connector.close();
  await dropScratchDatabase(SCRATCH);
}
process.exit(0);
