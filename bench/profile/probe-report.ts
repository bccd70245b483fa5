import type { Agent } from "node:http";
import { killAll } from "../lib/children.js";
import { processTicks } from "../lib/load.js";
import { dropScratchDatabase } from "../lib/scratch-db.js";
import { sleep } from "../lib/server-process.js";
import { summarize } from "../lib/stats.js";
import type { HttpCall } from "../load/http-client.js";
import { type LoadResult, openLoop } from "../load/open-loop.js";

/** One answer of a probe's step: when it was due (ms into the step), its kind, its latency. */
interface ProbeAnswer {
  at: number;
  kind: string;
  ms: number;
}

/**
 * Starts counting the CPU of each group of processes (the server, the PostgreSQL backends, the
 * bench); the function it returns gives each group's cores since then and its CPU per unit of work.
 */
const watchCpu = (pids: Record<string, number[]>) => {
  const before = Object.fromEntries(Object.entries(pids).map(([k, ps]) => [k, ps.map(processTicks)]));
  const t0 = performance.now();
  return (sent: number, unit: string): string => {
    const wall = (performance.now() - t0) / 1000;
    return Object.entries(pids)
      .map(([k, ps]) => {
        const ticks = ps.reduce((s, p, j) => s + processTicks(p) - (before[k]?.[j] ?? 0), 0);
        return `${k} ${(ticks / 100 / wall).toFixed(2)} (${((ticks * 10) / Math.max(1, sent)).toFixed(2)} ms ${unit})`;
      })
      .join(", ");
  };
};

/** A step's latency and how many of its requests were answered. */
const latencyLine = (r: LoadResult): string =>
  `p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} max ${r.latency.max.toFixed(0)} ms, ${r.ok}/${r.sent}`;

/**
 * The lines under a step's headline: the slowest answer of each 250 ms window (a stall shows as one
 * slow window, saturation as a rising queue), then p50/p99 of each kind.
 */
const stepDetails = (answers: ProbeAnswer[], kinds: readonly string[]): string => {
  const windows = new Map<number, number>();
  for (const a of answers) {
    const w = Math.floor(a.at / 250);
    windows.set(w, Math.max(windows.get(w) ?? 0, a.ms));
  }
  const slowest = [...windows]
    .sort((a, b) => a[0] - b[0])
    .map(([w, ms]) => `${(w * 0.25).toFixed(2)}s:${ms.toFixed(0)}`)
    .join(" ");
  const byKind = kinds.flatMap((kind) => {
    const by = summarize(answers.filter((a) => a.kind === kind).map((a) => a.ms));
    return by.n > 0 ? [`  ${kind}: p50 ${by.p50.toFixed(1)} p99 ${by.p99.toFixed(1)}\n`] : [];
  });
  return `${slowest}\n${byKind.join("")}`;
};

/** A probe's command line: `[rates] [seconds] [server entry]`, rates comma-separated. */
export const probeArgs = (defaultRates: string) => ({
  rates: (process.argv[2] ?? defaultRates).split(",").map(Number),
  seconds: Number(process.argv[3] ?? 5),
  entry: process.argv[4],
});

export interface ProbeSteps {
  agent: Agent;
  /** Where the server answers, and its process id for its CPU. */
  server: { base: string; pid: number };
  /** Its PostgreSQL backends' process ids, for their CPU. */
  backends(): Promise<number[]>;
  rates: number[];
  seconds: number;
  make(i: number): HttpCall;
  kindOf(i: number): string;
  kinds: readonly string[];
  /** What one request is called in the CPU figures ("a request", "an activity"). */
  unit: string;
  /** More for a step's headline: called as the step starts, its result as it ends. */
  extra?(): (sent: number) => string;
}

/** Each rate in turn, open loop for `seconds`, reported as it ends; 1.5 s apart. */
export const runSteps = async (o: ProbeSteps): Promise<void> => {
  for (const rate of o.rates) {
    const cpu = watchCpu({ server: [o.server.pid], postgres: await o.backends(), bench: [process.pid] });
    const extra = o.extra?.();
    const answers: ProbeAnswer[] = [];
    const r = await openLoop({
      agent: o.agent,
      base: o.server.base,
      rate,
      durationMs: o.seconds * 1000,
      make: o.make,
      onAnswer: (i, _a, ms) => answers.push({ at: (i * 1000) / rate, kind: o.kindOf(i), ms }),
    });
    const more = extra ? `; ${extra(r.sent)}` : "";
    process.stdout.write(
      `\n${rate}/s: ${latencyLine(r)}${more}; cores: ${cpu(r.sent, o.unit)}\n${stepDetails(answers, o.kinds)}`,
    );
    await sleep(1500);
  }
};

/** A probe's teardown: its connections, the processes it started, its fakes, its scratch database. */
export const endProbe = async (
  agent: Agent,
  scratch: string,
  ...closers: (() => Promise<unknown>)[]
): Promise<void> => {
  agent.destroy();
  killAll();
  for (const close of closers) await close().catch(() => {});
  await dropScratchDatabase(scratch);
};
