/**
 * `npx tsx bench/profile/drain-probe.ts [count] [server build main.js]`: what delivering a
 * notification costs, apart from the command that queued it. A few `assign`s are answered and
 * delivered; the server stops; `count` copies (default 3,000) of their delivered notifications go
 * back into the outbox as pending; a server starts and delivers them to the fake Slack API. Prints
 * the drain's wall time and the CPU per notification of the server, its PostgreSQL backends and the
 * bench (with the fake API). PROFILE_DIR=dir writes a CPU profile of the draining server.
 */
import postgres from "postgres";
import { killAll } from "../lib/children.js";
import { processTicks } from "../lib/load.js";
import { pendingNotifications, waitForOutbox } from "../lib/outbox-drain.js";
import { dropScratchDatabase, watchOurBackends } from "../lib/scratch-db.js";
import { startServerProcess } from "../lib/server-process.js";
import { keepAliveAgent, send } from "../load/http-client.js";
import { seedWorld } from "../scale/seed-world.js";
import { QUICK_SHAPE } from "../scale/shape.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { commandFor, slackServerEnv } from "../slack/slack-requests.js";

const SCRATCH = `delegate_bench_drain_${process.pid}`;
const count = Number(process.argv[2] ?? 3000);
const entry = process.argv[3];
const world = await seedWorld(SCRATCH, QUICK_SHAPE);
const api = await startBenchSlackApi();
const agent = keepAliveAgent(8);
const sql = postgres(world.url, { max: 1, onnotice: () => {} });
let backends: () => Promise<number[]> = async () => [];
const stopWatching = watchOurBackends((fn) => {
  backends = fn;
});
try {
  const env = slackServerEnv(api.url, world.url);
  const build = entry ? { entry } : {};
  const first = await startServerProcess(env, build);
  for (let i = 0; i < 30; i++)
    await send(agent, first.base, commandFor("assign", i, 30, QUICK_SHAPE.attorneys));
  await waitForOutbox(sql, { maxMs: 600_000, pollMs: 200 });
  await first.stop();
  // Copies of the delivered notifications, each with its own dedupe key, due now.
  await sql`insert into outbox (firm_id, person_id, task_id, kind, payload, dedupe_key, status, attempts, next_attempt_at, created_at)
    select o.firm_id, o.person_id, o.task_id, o.kind, o.payload, o.dedupe_key || ':copy' || g, 'pending', 0, now(), now()
    from (select * from outbox where status = 'sent' order by id limit 30) o,
      generate_series(1, ${Math.ceil(count / 30)}) g`;
  const queued = await pendingNotifications(sql);
  const server = await startServerProcess(env, {
    ...build,
    ...(process.env.PROFILE_DIR ? { cpuProfileDir: process.env.PROFILE_DIR } : {}),
  });
  const pg = await backends();
  const pids = { server: [server.pid], postgres: pg, bench: [process.pid] };
  const before = Object.fromEntries(Object.entries(pids).map(([k, ps]) => [k, ps.map(processTicks)]));
  const t0 = performance.now();
  await waitForOutbox(sql, { maxMs: 600_000, pollMs: 50 });
  const wall = (performance.now() - t0) / 1000;
  const cpu = Object.entries(pids).map(([k, ps]) => {
    const ticks = ps.reduce((s, p, j) => s + processTicks(p) - (before[k]?.[j] ?? 0), 0);
    return `${k} ${((ticks * 10) / queued).toFixed(2)} ms`;
  });
  process.stdout.write(
    `${queued} notifications delivered in ${wall.toFixed(1)} s (${(queued / wall).toFixed(0)}/s); CPU a notification: ${cpu.join(", ")}\n`,
  );
  await server.stop();
} finally {
  agent.destroy();
  killAll();
  await sql.end();
  await stopWatching().catch(() => {});
  await api.close();
  await dropScratchDatabase(SCRATCH);
}
process.exit(0);
