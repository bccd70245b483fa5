import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { sleep } from "../lib/server-process.js";

const run = promisify(execFile);

/** A local PostgreSQL cluster as pg_lsclusters names it. */
export interface Cluster {
  version: string;
  name: string;
  port: number;
}

/** The cluster listening on `port` on this machine, or undefined (then no outage is staged). */
export const localCluster = async (port: number): Promise<Cluster | undefined> => {
  try {
    const { stdout } = await run("pg_lsclusters", ["--no-header"], { timeout: 10_000 });
    for (const line of stdout.split("\n")) {
      const [version, name, p, status] = line.trim().split(/\s+/);
      if (version && name && Number(p) === port && status === "online") return { version, name, port };
    }
  } catch {
    // No pg_lsclusters: not a Debian-style local server; the outage is skipped.
  }
  return undefined;
};

/** This process and its ancestors (npm, sh, tsx): their command lines name bench/run.ts too. */
const ownLineage = (): Set<number> => {
  const pids = new Set<number>();
  let pid = process.pid;
  while (pid > 1 && !pids.has(pid)) {
    pids.add(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // "pid (comm) state ppid …": comm may hold spaces, so read after the last ")".
      pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return pids;
};

/** Test suites and other benches that use the same PostgreSQL right now (pid and command). */
export const otherRunners = async (): Promise<string[]> => {
  try {
    const { stdout } = await run("pgrep", ["-af", "vitest|bench/run.ts"], { timeout: 10_000 });
    const mine = ownLineage();
    return stdout
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !mine.has(Number(l.split(" ")[0])));
  } catch {
    return []; // pgrep exits 1 when nothing matches.
  }
};

/** Polls until nobody else is using PostgreSQL, at most `maxMs`; returns who was still there. */
export const waitForQuiet = async (
  maxMs: number,
): Promise<{ quiet: boolean; waitedMs: number; others: string[] }> => {
  const started = Date.now();
  let others = await otherRunners();
  while (others.length > 0 && Date.now() - started < maxMs) {
    await sleep(2000);
    others = await otherRunners();
  }
  return { quiet: others.length === 0, waitedMs: Date.now() - started, others };
};

const ctlArgs = (c: Cluster, action: "start" | "stop", skipRedirect: boolean): string[] => [
  ...(skipRedirect ? ["--skip-systemctl-redirect"] : []),
  c.version,
  c.name,
  action,
];

/** pg_ctlcluster, retried with --skip-systemctl-redirect when it points at systemctl instead. */
const pgCtl = async (c: Cluster, action: "start" | "stop"): Promise<void> => {
  try {
    await run("pg_ctlcluster", ctlArgs(c, action, false), { timeout: 30_000 });
  } catch (e) {
    const text = `${(e as { stderr?: string }).stderr ?? ""} ${e instanceof Error ? e.message : ""}`;
    if (!/systemctl/i.test(text)) throw e;
    await run("pg_ctlcluster", ctlArgs(c, action, true), { timeout: 30_000 });
  }
};

export const pgIsReady = async (port: number): Promise<boolean> => {
  try {
    await run("pg_isready", ["-h", "127.0.0.1", "-p", String(port), "-t", "2"], { timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
};

let stopped: Cluster | undefined;

/** Last resort if the bench exits while PostgreSQL is down (a throw, Ctrl-C → process.exit). */
const startOnExit = (): void => {
  const c = stopped;
  if (!c) return;
  for (const skip of [false, true]) {
    try {
      execFileSync("pg_ctlcluster", ctlArgs(c, "start", skip), { timeout: 30_000, stdio: "ignore" });
      return;
    } catch {
      // Already running, or wants --skip-systemctl-redirect: try the other way.
    }
  }
};

export interface Outage {
  /** From the stop command to pg_isready answering again. */
  downMs: number;
  stoppedAt: number;
  readyAt: number;
}

/**
 * Stops the cluster, waits `holdMs`, and starts it again — whatever happens: the start is in a
 * finally, and an 'exit' handler starts it if the process ends in between. Resolves once
 * `pg_isready -h 127.0.0.1` answers; throws if it never does within 60 s.
 */
export const postgresOutage = async (c: Cluster, holdMs: number, onDown?: () => void): Promise<Outage> => {
  const stoppedAt = Date.now();
  stopped = c;
  process.on("exit", startOnExit);
  try {
    await pgCtl(c, "stop");
    onDown?.();
    await sleep(holdMs);
  } finally {
    try {
      await pgCtl(c, "start");
    } catch {
      // Exit code 2 "already running" or a slow start: pg_isready below decides.
    }
    const deadline = Date.now() + 60_000;
    let retried = false;
    while (!(await pgIsReady(c.port)) && Date.now() < deadline) {
      await sleep(200);
      if (!retried && Date.now() - stoppedAt > 20_000) {
        retried = true;
        await pgCtl(c, "start").catch(() => {});
      }
    }
    if (await pgIsReady(c.port)) {
      stopped = undefined;
      process.off("exit", startOnExit);
    }
  }
  if (stopped) throw new Error(`PostgreSQL ${c.version}/${c.name} did not come back within 60 s`);
  const readyAt = Date.now();
  return { downMs: readyAt - stoppedAt, stoppedAt, readyAt };
};
