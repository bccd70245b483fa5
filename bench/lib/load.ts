import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";

/**
 * Outside load: the CPU other processes used while a step ran. Read from /proc/stat (every CPU's
 * busy and idle ticks) and /proc/<pid>/stat of the processes that are ours — the bench itself,
 * the servers it started and the PostgreSQL backends serving its scratch database — so that
 * outside = total busy − ours. PostgreSQL's shared background processes (WAL writer, checkpointer)
 * count as outside: they serve every database on the server.
 */
export interface Load {
  /** CPU used by other processes, in cores (0 … number of CPUs). */
  outsideCores: number;
  /** CPU used by ours, in cores. */
  oursCores: number;
  /** 1-minute load average at the end of the step. */
  loadAverage: number;
  seconds: number;
  /** outsideCores above the threshold: the figure was taken on a busy machine. */
  noisy: boolean;
}

/** Above this many cores used by others, a step is repeated, then marked noisy. */
export const NOISY_OUTSIDE_CORES = 0.25;

interface Ticks {
  busy: number;
  total: number;
}

const readTicks = (): Ticks | undefined => {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((s, x) => s + x, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
};

/** utime + stime of one process, in clock ticks (1/100 s on Linux); 0 when it is gone. */
export const processTicks = (pid: number): number => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: fields are counted after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  } catch {
    return 0;
  }
};

export interface LoadSnapshot {
  at: number;
  ticks: Ticks | undefined;
  ours: Map<number, number>;
}

/** Which pids are ours right now (servers, PostgreSQL backends); the bench adds itself. */
export type OurPids = () => Promise<number[]>;

let findOurPids: OurPids = async () => [];
let known: number[] = [];
export const setOurPids = (fn: OurPids): void => {
  findOurPids = fn;
};
/** Look again for our processes (a server started, a pool opened a connection). */
export const refreshOurPids = async (): Promise<void> => {
  known = await findOurPids().catch(() => known);
};

export const snapshot = (): LoadSnapshot => {
  const pids = [process.pid, ...known];
  const ours = new Map(pids.map((p) => [p, processTicks(p)]));
  return { at: performance.now(), ticks: readTicks(), ours };
};

/** The load between `before` and now; pids that appeared since count from zero. */
export const loadSince = (before: LoadSnapshot): Load => {
  const after = snapshot();
  const seconds = (after.at - before.at) / 1000;
  const n = cpus().length;
  const la = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  if (!before.ticks || !after.ticks || after.ticks.total <= before.ticks.total) {
    return { outsideCores: 0, oursCores: 0, loadAverage: la, seconds, noisy: false };
  }
  const total = after.ticks.total - before.ticks.total;
  const busy = after.ticks.busy - before.ticks.busy;
  let ours = 0;
  for (const [pid, t] of after.ours) ours += Math.max(0, t - (before.ours.get(pid) ?? 0));
  // Both are in clock ticks; /proc/stat sums every CPU, so total ticks = n × elapsed.
  const oursCores = Math.min(n, (ours / total) * n);
  const outsideCores = Math.max(0, ((busy - ours) / total) * n);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    outsideCores: r(outsideCores),
    oursCores: r(oursCores),
    loadAverage: la,
    seconds: r(seconds),
    noisy: outsideCores > NOISY_OUTSIDE_CORES,
  };
};

/** Run `fn` and measure the load while it ran. */
export const withLoad = async <T>(fn: () => Promise<T>): Promise<{ value: T; load: Load }> => {
  await refreshOurPids();
  const before = snapshot();
  const value = await fn();
  await refreshOurPids();
  return { value, load: loadSince(before) };
};

/**
 * Run a step; when others used more than the threshold meanwhile, run it again (up to `repeats`
 * more times) and keep the quietest attempt, marked noisy if even that one was busy.
 */
export const quietest = async <T>(
  repeats: number,
  fn: () => Promise<T>,
): Promise<{ value: T; load: Load; attempts: number }> => {
  let best = await withLoad(fn);
  let attempts = 1;
  while (best.load.noisy && attempts <= repeats) {
    const next = await withLoad(fn);
    attempts++;
    if (next.load.outsideCores < best.load.outsideCores) best = next;
  }
  return { ...best, attempts };
};

/** The busier of two loads (a ratio of two steps is as noisy as its noisier half). */
export const worse = (a: Load, b: Load): Load => (a.outsideCores >= b.outsideCores ? a : b);

/**
 * The CPU (ms) the bench's servers and PostgreSQL backends spend in each of many pieces of work
 * (cpuPerCall looks for new processes around every piece instead): `const done = meter()` before a
 * piece, `done()` after it. Processes that start later are not counted; one that ends counts 0.
 */
export const cpuMeter = async (): Promise<() => () => number> => {
  await refreshOurPids();
  const pids = [...known];
  const read = () => pids.map(processTicks);
  return () => {
    const before = read();
    // Linux clock ticks are 10 ms (USER_HZ 100).
    return () => read().reduce((sum, t, i) => sum + Math.max(0, t - (before[i] ?? t)), 0) * 10;
  };
};

/**
 * CPU the bench's servers and PostgreSQL backends (not the bench itself) spent while `fn` ran,
 * in ms per call over `calls` calls. Outside load disturbs this far less than latency: a noisy
 * run still compares Delegate with the floor by what each command costs.
 */
export const cpuPerCall = async <T>(
  calls: number,
  fn: () => Promise<T>,
): Promise<{ value: T; cpuMs: number }> => {
  await refreshOurPids();
  const before = new Map(known.map((p) => [p, processTicks(p)]));
  const value = await fn();
  await refreshOurPids();
  let ticks = 0;
  for (const p of new Set([...known, ...before.keys()])) {
    ticks += Math.max(0, processTicks(p) - (before.get(p) ?? 0));
  }
  // Linux clock ticks are 10 ms (USER_HZ 100).
  return { value, cpuMs: (ticks * 10) / Math.max(1, calls) };
};
