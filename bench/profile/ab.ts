/**
 * `npx tsx bench/profile/ab.ts <build A main.js> <build B main.js> [blocks] [assign|list|show] [--alone]`:
 * (copy each build/ aside to a hidden folder at the top of the repository, e.g. .ab-before/, where its
 * packages and migrations resolve as build/'s do)
 * two builds of the server compared on the quick seeded world, `assign` commands (or `list all`, or
 * `show`) sent in blocks of PER_BLOCK. Per build: latency, and the CPU each command cost — the server
 * process plus the PostgreSQL backends — which outside load disturbs far less than latency.
 * - Side by side (default): both servers run, blocks go to A and B in turn, so outside load falls on both
 *   alike. Both outbox loops share the database, so each delivers the other's notifications too.
 * - `--alone`: one server at a time (A, B, B, A, each started afresh), so each build's outbox delivers
 *   its own commands' notifications: the comparison for a change to the delivery.
 */
import postgres from "postgres";
import { killAll } from "../lib/children.js";
import { processTicks, withLoad } from "../lib/load.js";
import { adminUrl, dropScratchDatabase } from "../lib/scratch-db.js";
import { type ServerProcess, startServerProcess } from "../lib/server-process.js";
import { nowMs, summarize } from "../lib/stats.js";
import { keepAliveAgent, send } from "../load/http-client.js";
import { seedWorld } from "../scale/seed-world.js";
import { QUICK_SHAPE } from "../scale/shape.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { commandFor, type SlackCommandKind, slackServerEnv } from "../slack/slack-requests.js";

const alone = process.argv.includes("--alone");
const args = process.argv.slice(2).filter((a) => a !== "--alone");
const [entryA, entryB] = [args[0], args[1]];
if (!entryA || !entryB)
  throw new Error("usage: ab.ts <A main.js> <B main.js> [blocks] [assign|list|show] [--alone]");
const blocks = Number(args[2] ?? 4);
const kind = (args[3] ?? "assign") as SlackCommandKind;
if (!["assign", "list", "show"].includes(kind)) throw new Error("the command is assign, list or show");
const PER_BLOCK = 100;
// One database per run: two comparisons at once must not drop each other's world.
const SCRATCH = `delegate_bench_ab_${process.pid}`;
type Build = "A" | "B";
const entries: Record<Build, string> = { A: entryA, B: entryB };

const world = await seedWorld(SCRATCH, QUICK_SHAPE);
const api = await startBenchSlackApi();
const agent = keepAliveAgent(8);
const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
const env = slackServerEnv(api.url, world.url);
const firms = QUICK_SHAPE.firms - 1;
const command = (i: number) => commandFor(kind, i, firms, QUICK_SHAPE.attorneys);
const backends = async () =>
  (await admin<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${SCRATCH}`).map(
    (r) => r.pid,
  );
const ticks = (pids: number[]) => pids.reduce((s, p) => s + processTicks(p), 0);
let i = 0;
try {
  const latency: Record<Build, number[]> = { A: [], B: [] };
  const cpu: Record<Build, { node: number; pg: number; n: number }> = {
    A: { node: 0, pg: 0, n: 0 },
    B: { node: 0, pg: 0, n: 0 },
  };
  let errors = 0;
  /** One block to one server; `keep` false warms it up without counting. */
  const block = async (name: Build, s: ServerProcess, keep: boolean) => {
    const pids = await backends();
    const node0 = processTicks(s.pid);
    const pg0 = ticks(pids);
    for (let k = 0; k < PER_BLOCK; k++) {
      const t = nowMs();
      const r = await send(agent, s.base, command(i++));
      if (keep) latency[name].push(nowMs() - t);
      if (r.status !== 200 || r.body.includes(":x:")) errors++;
    }
    // The outbox delivers each assign's notification within a second: count that work too.
    await new Promise((res) => setTimeout(res, 1500));
    if (!keep) return;
    cpu[name].node += processTicks(s.pid) - node0;
    cpu[name].pg += ticks(await backends()) - pg0;
    cpu[name].n += PER_BLOCK;
  };
  const run = alone
    ? await withLoad(async () => {
        for (const name of ["A", "B", "B", "A"] as const) {
          const server = await startServerProcess(env, { entry: entries[name] });
          await block(name, server, false);
          for (let b = 0; b < blocks; b++) await block(name, server, true);
          await server.stop();
        }
      })
    : await (async () => {
        const servers: Record<Build, ServerProcess> = {
          A: await startServerProcess(env, { entry: entryA }),
          B: await startServerProcess(env, { entry: entryB }),
        };
        await block("A", servers.A, false);
        await block("B", servers.B, false);
        return withLoad(async () => {
          for (let b = 0; b < blocks; b++) {
            const order: Build[] = b % 2 === 0 ? ["A", "B"] : ["B", "A"];
            for (const name of order) await block(name, servers[name], true);
          }
        });
      })();
  process.stdout.write(
    `${kind}, ${alone ? "one server at a time" : "side by side"}, ${blocks} blocks of ${PER_BLOCK} each, outside ${run.load.outsideCores} cores:\n`,
  );
  for (const name of ["A", "B"] as const) {
    const s = summarize(latency[name]);
    const c = cpu[name];
    // Clock ticks are 10 ms.
    process.stdout.write(
      `  ${name}: p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)}, mean ${s.mean.toFixed(2)}; CPU per ${kind}: server ${((c.node * 10) / c.n).toFixed(2)} ms + PostgreSQL ${((c.pg * 10) / c.n).toFixed(2)} ms\n`,
    );
  }
  process.stdout.write(`errors ${errors}\n`);
} finally {
  agent.destroy();
  killAll();
  await admin.end({ timeout: 2 });
  await api.close();
  await dropScratchDatabase(SCRATCH);
}
process.exit(0);
