/**
 * `npx tsx bench/profile/assign-profile.ts [count] [assign|list|show]`: a CPU profile of Delegate's
 * server while it answers `assign` slash commands (or `list all`, or `show`) (4 in flight) on the quick seeded world, then the functions
 * with the most self time. The profile (Chrome DevTools format) is kept under bench/results/.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { killAll } from "../lib/children.js";
import { dropScratchDatabase } from "../lib/scratch-db.js";
import { ROOT, startServerProcess } from "../lib/server-process.js";
import { keepAliveAgent, send } from "../load/http-client.js";
import { seedWorld } from "../scale/seed-world.js";
import { QUICK_SHAPE } from "../scale/shape.js";
import { startBenchSlackApi } from "../slack/chat-api.js";
import { commandFor, type SlackCommandKind, slackServerEnv } from "../slack/slack-requests.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const SCRATCH = `delegate_bench_profile_${process.pid}`;
const count = Number(process.argv[2] ?? 3000);
const kind = (process.argv[3] ?? "assign") as SlackCommandKind;
const dir = join(ROOT, "bench", "results", `profile-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const world = await seedWorld(SCRATCH, QUICK_SHAPE);
const api = await startBenchSlackApi();
const agent = keepAliveAgent(8);
try {
  const server = await startServerProcess(slackServerEnv(api.url, world.url), { cpuProfileDir: dir });
  const firms = QUICK_SHAPE.firms - 1;
  let next = 0;
  let errors = 0;
  const t = performance.now();
  const worker = async () => {
    while (next < count) {
      const a = await send(agent, server.base, commandFor(kind, next++, firms, QUICK_SHAPE.attorneys));
      if (a.status !== 200 || a.body.includes(":x:")) errors++;
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const seconds = (performance.now() - t) / 1000;
  await server.stop();
  process.stdout.write(
    `${count} ${kind} commands in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s), ${errors} errors\n`,
  );
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as { nodes: ProfileNode[] };
  const self = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    total += hits;
    const where = n.callFrame.url.replace(/^.*node_modules\//, "").replace(`file://${ROOT}/`, "");
    const key = `${n.callFrame.functionName || "(anonymous)"} ${where}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + hits);
  }
  const byPackage = new Map<string, number>();
  for (const [key, hits] of self) {
    const where = key.split(" ")[1] ?? "";
    const pkg = where.startsWith("@") ? where.split("/").slice(0, 2).join("/") : (where.split("/")[0] ?? "");
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((v / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
  process.stdout.write(`\nself time by package or file:\n${top(byPackage, 15).join("\n")}\n`);
  process.stdout.write(
    `\nself time by function:\n${top(self, 30).join("\n")}\n\nprofile: ${join(dir, file)}\n`,
  );
} finally {
  agent.destroy();
  killAll();
  await api.close();
  await dropScratchDatabase(SCRATCH);
}
process.exit(0);
