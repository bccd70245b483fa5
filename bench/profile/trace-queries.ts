/**
 * `npx tsx bench/profile/trace-queries.ts [log file]`: the SQL statements Delegate's server sends
 * for one `assign`, one `list all` and one `show` (after a warm-up of each), read from the
 * PostgreSQL server log with `log_statement = all` set on the scratch database only. Counts
 * statements, not round trips: pipelined statements go out together (docs/performance.md).
 * Needs read access to the server log (default /var/log/postgresql/postgresql-15-main.log).
 */
import { readFileSync, statSync } from "node:fs";
import postgres from "postgres";
import { killAll } from "../lib/children.js";
import { adminUrl, dropScratchDatabase } from "../lib/scratch-db.js";
import { startServerProcess } from "../lib/server-process.js";
import { keepAliveAgent, send } from "../load/http-client.js";
import { seedWorld } from "../scale/seed-world.js";
import { QUICK_SHAPE } from "../scale/shape.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { commandFor, type SlackCommandKind, slackServerEnv } from "../slack/slack-requests.js";

const LOG = process.argv[2] ?? "/var/log/postgresql/postgresql-15-main.log";
const SCRATCH = "delegate_bench_trace";
const world = await seedWorld(SCRATCH, QUICK_SHAPE);
const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
await admin.unsafe(`alter database ${SCRATCH} set log_statement = 'all'`);
const api = await startBenchSlackApi();
const agent = keepAliveAgent(2);
const firms = QUICK_SHAPE.firms - 1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
try {
  const server = await startServerProcess(slackServerEnv(api.url, world.url));
  const kinds: SlackCommandKind[] = ["assign", "list", "show"];
  for (const kind of kinds) await send(agent, server.base, commandFor(kind, 0, firms, QUICK_SHAPE.attorneys));
  await sleep(1500);
  for (const kind of kinds) {
    const from = statSync(LOG).size;
    const answer = await send(agent, server.base, commandFor(kind, 1, firms, QUICK_SHAPE.attorneys));
    // The outbox delivery runs right after the command: give it time to finish.
    await sleep(1500);
    const lines = readFileSync(LOG).subarray(from).toString("utf8").split("\n");
    const statements = lines
      .filter((l) => l.includes(`@${SCRATCH} `) && /(statement|execute [^:]*): /.test(l))
      .map((l) => l.replace(/^.*?(statement|execute [^:]*): /, "$1: ").slice(0, 160));
    process.stdout.write(
      `\n${kind} (HTTP ${answer.status}): ${statements.length} statements\n${statements.join("\n")}\n`,
    );
  }
  await server.stop();
} finally {
  killAll();
  await api.close();
  await admin.end();
  await dropScratchDatabase(SCRATCH);
}
