import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Figures } from "../lib/figures.js";
import { withLoad } from "../lib/load.js";
import { buildServer, rssMb, type ServerProcess, sleep, startServerProcess } from "../lib/server-process.js";

const PART = "resources";

/** How a server of ours is driven with commands (the Slack path, once it exists). */
export interface CommandDriver {
  /** Extra environment the server needs for this path (credentials, fake API URL). */
  env: Record<string, string>;
  /** Send up to `n` commands within `budgetMs`; resolves with how many went and how many got 200. */
  drive(server: ServerProcess, n: number, budgetMs: number): Promise<{ sent: number; ok: number }>;
}

export interface ResourcesResult {
  /** `npm start` builds first (prestart): how long that took, before any server was spawned. */
  buildMs: number;
  postgres: EngineResources;
  pglite: EngineResources;
}

export interface EngineResources {
  startupMs: number;
  restartMs?: number;
  idleRssMb: number;
  afterCommandsRssMb?: number;
  commands?: number;
  /** Wall time of the commands (4 in flight), for comparing runs: a lighter process must not be slower. */
  commandsSeconds?: number;
  /** PostgreSQL only: idle RSS with the alert tick (every 5 minutes by default) run within the settle time. */
  idleWithAlertTickRssMb?: number;
  note?: string;
}

/** Idle means: after start-up work (migrations, first queries) has settled. */
const IDLE_SETTLE_MS = 3000;
/** `--quick` only keeps the part from rotting: a shorter settle, fewer commands, no reopen. */
const QUICK_IDLE_SETTLE_MS = 1000;
const QUICK_COMMANDS = 200;
/** The commands stop here even if fewer than asked were sent: the bench must end. */
const DRIVE_BUDGET_MS = 150_000;

const measure = async (
  figures: Figures,
  engine: "postgres" | "pglite",
  env: Record<string, string>,
  driver: CommandDriver | undefined,
  commands: number,
  quick: boolean,
): Promise<EngineResources> => {
  const label = engine === "postgres" ? "PostgreSQL" : "PGlite";
  const started = await withLoad(() => startServerProcess({ ...env, ...(driver?.env ?? {}) }));
  const server = started.value;
  const out: EngineResources = { startupMs: server.startupMs, idleRssMb: 0 };
  try {
    // Issue 16: a fresh PGlite data directory ready in under 2 s, idle under 300 MB.
    figures.add(
      PART,
      `start-up to ready, ${label}${engine === "pglite" ? " (fresh data dir)" : ""}`,
      server.startupMs,
      "ms",
      engine === "pglite" ? { op: "<", value: 2000 } : undefined,
      undefined,
      started.load,
    );
    const idle = await withLoad(() => sleep(quick ? QUICK_IDLE_SETTLE_MS : IDLE_SETTLE_MS));
    out.idleRssMb = rssMb(server.pid);
    figures.add(
      PART,
      `idle RSS, ${label}`,
      out.idleRssMb,
      "MB",
      { op: "<", value: engine === "postgres" ? 150 : 300 },
      undefined,
      idle.load,
    );
    if (driver) {
      const t = performance.now();
      const { sent, ok } = await driver.drive(server, commands, DRIVE_BUDGET_MS);
      out.commandsSeconds = (performance.now() - t) / 1000;
      await sleep(quick ? 250 : 1000);
      out.afterCommandsRssMb = rssMb(server.pid);
      out.commands = sent;
      figures.add(PART, `RSS after ${sent} commands, ${label}`, out.afterCommandsRssMb, "MB");
      figures.add(PART, `commands answered 200, ${label}`, ok, `of ${sent}`, { op: "=", value: sent });
      figures.add(PART, `${sent} commands took (4 in flight), ${label}`, out.commandsSeconds, "s");
    } else {
      out.note = "after-commands figure needs the Slack adapter (adapters/slack), not present in this run";
    }
  } finally {
    await server.stop();
  }
  return out;
};

/**
 * Idle as a server is most of the day: the alert tick (ALERT_CRON, every 5 minutes) has run at least
 * once. The idle figure above is read 3 s after start-up, usually before the first tick; here the
 * tick is scheduled every second so that it runs within the settle time more than once: the first
 * tick on a fresh database catches up over the whole look-back, the next ones are the usual kind.
 */
const idleWithAlertTick = async (figures: Figures, env: Record<string, string>): Promise<number> => {
  const server = await startServerProcess({ ...env, ALERT_CRON: "* * * * * *" });
  try {
    await sleep(IDLE_SETTLE_MS);
    const rss = rssMb(server.pid);
    figures.add(PART, "idle RSS after alert ticks, PostgreSQL", rss, "MB");
    return rss;
  } finally {
    await server.stop();
  }
};

/** Memory and start-up of a real server process, on PostgreSQL and on PGlite. */
export const runResources = async (
  figures: Figures,
  databaseUrl: string,
  driver: CommandDriver | undefined,
  quick: boolean,
): Promise<ResourcesResult> => {
  const commands = quick ? QUICK_COMMANDS : 10_000;
  const buildMs = await buildServer();
  figures.add(PART, "build (npm start's prestart, esbuild)", buildMs, "ms");
  const postgres = await measure(figures, "postgres", { DATABASE_URL: databaseUrl }, driver, commands, quick);
  postgres.idleWithAlertTickRssMb = await idleWithAlertTick(figures, {
    DATABASE_URL: databaseUrl,
    ...(driver?.env ?? {}),
  });
  const dir = mkdtempSync(join(tmpdir(), "delegate-bench-pglite-"));
  try {
    const dataDir = join(dir, "data");
    const pglite = await measure(figures, "pglite", { DATA_DIR: dataDir }, driver, commands, quick);
    if (quick) {
      pglite.note = [pglite.note, "quick mode: restart (reopen of the data dir) not measured"]
        .filter(Boolean)
        .join("; ");
      return { buildMs, postgres, pglite };
    }
    // A second start reopens the data directory: what a restart costs, without migrations to apply.
    const again = await startServerProcess({ DATA_DIR: dataDir });
    pglite.restartMs = again.startupMs;
    await again.stop();
    figures.add(PART, "restart to ready, PGlite (existing data dir)", pglite.restartMs, "ms");
    return { buildMs, postgres, pglite };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
