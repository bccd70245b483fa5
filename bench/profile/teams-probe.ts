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
import { watchOurBackends } from "../lib/scratch-db.js";
import { startServerProcess } from "../lib/server-process.js";
import { type HttpCall, keepAliveAgent } from "../load/http-client.js";
import { openLoop } from "../load/open-loop.js";
import { seedWorld } from "../scale/seed-world.js";
import { FULL_SHAPE, QUICK_SHAPE } from "../scale/shape.js";
import { cardAction, message } from "../teams/teams-activities.js";
import { endProbe, probeArgs, runSteps } from "./probe-report.js";

const SCRATCH = `delegate_bench_teams_${process.pid}`;
const { entry, ...steps } = probeArgs("200");

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
const KINDS = ["message list", "adaptiveCard/action"] as const;
const kindOf = (i: number) => KINDS[i % 2] ?? "message list";
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
  await runSteps({
    agent,
    server,
    backends: () => backends(),
    ...steps,
    make,
    kindOf,
    kinds: KINDS,
    unit: "an activity",
  });
  await server.stop();
} finally {
  await endProbe(agent, SCRATCH, stopWatching, () => connector.close());
}
// Keep-alive sockets and the fakes' timers would keep the process up.
process.exit(0);
