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
import { watchOurBackends } from "../lib/scratch-db.js";
import { startServerProcess } from "../lib/server-process.js";
import { keepAliveAgent } from "../load/http-client.js";
import { openLoop } from "../load/open-loop.js";
import { seedWorld } from "../scale/seed-world.js";
import { FULL_SHAPE, QUICK_SHAPE } from "../scale/shape.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { commandFor, kindAt, type SlackCommandKind, slackServerEnv } from "../slack/slack-requests.js";
import { endProbe, probeArgs, runSteps } from "./probe-report.js";

const SCRATCH = `delegate_bench_probe_${process.pid}`;
const { entry: script, ...steps } = probeArgs("400");
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
  // The server's socket writes (/proc/<pid>/io): its round trips to PostgreSQL, answers and deliveries.
  const syscw = () => Number(/syscw: (\d+)/.exec(readFileSync(`/proc/${server.pid}/io`, "utf8"))?.[1] ?? 0);
  const extra = () => {
    const before = syscw();
    return (sent: number) => `${((syscw() - before) / Math.max(1, sent)).toFixed(1)} socket writes a request`;
  };
  await runSteps({
    agent,
    server,
    backends: () => backends(),
    ...steps,
    make,
    kindOf,
    kinds: KINDS,
    unit: "a request",
    extra,
  });
  if (process.env.SHOW_OUTPUT) {
    process.stdout.write(`server output (tail):\n${server.output()}\n`);
    const sql = postgres(world.url, { max: 1, onnotice: () => {} });
    const rows = await sql`select kind, status, count(*)::int as n from outbox group by 1, 2 order by 3 desc`;
    process.stdout.write(`outbox: ${rows.map((r) => `${r.kind}/${r.status} ${r.n}`).join(", ")}\n`);
    await sql.end();
  }
  await server.stop();
} finally {
  await endProbe(agent, SCRATCH, stopWatching, () => api.close());
}
// Keep-alive sockets and the fakes' timers would keep the process up.
process.exit(0);
