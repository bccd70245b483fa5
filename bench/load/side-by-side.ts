import type { Agent } from "node:http";
import { cpuMeter } from "../lib/load.js";
import { type Summary, summarize } from "../lib/stats.js";
import type { HttpAnswer, HttpCall } from "./http-client.js";
import { sequentialSamples } from "./open-loop.js";

export interface Target {
  base: string;
  make: (i: number) => HttpCall;
  check?: (a: HttpAnswer) => void;
}

/** Commands a block: each server's turn, long enough to be warm, short enough to take many turns. */
export const BLOCK = 50;

/**
 * `n` commands one after another on each of several servers, in blocks of BLOCK that take turns,
 * the order turning too (A B C, B C A, C A B, …). The speed of this kind of machine drifts by half
 * or more over seconds with nothing in /proc/stat to show it (docs/performance.md, "Outside load"):
 * one server after the other could give one the quick minute and the other the slow one, and a
 * ratio of their p99s would measure the drift. Taking turns, each server meets the drift alike.
 * Returns each server's latency and the CPU per command that the bench's servers and PostgreSQL
 * backends spent during its turns.
 */
export const sideBySide = async <K extends string>(
  agent: Agent,
  targets: Record<K, Target>,
  n: number,
): Promise<Record<K, { latency: Summary; cpuMs: number }>> => {
  const names = Object.keys(targets) as K[];
  const samples = new Map(names.map((k) => [k, [] as number[]]));
  const cpu = new Map(names.map((k) => [k, 0]));
  const meter = await cpuMeter();
  for (let start = 0, turn = 0; start < n; start += BLOCK, turn++) {
    const size = Math.min(BLOCK, n - start);
    for (let j = 0; j < names.length; j++) {
      const name = names[(turn + j) % names.length] as K;
      const t = targets[name];
      const done = meter();
      const block = await sequentialSamples(agent, t.base, size, (i) => t.make(start + i), t.check);
      cpu.set(name, (cpu.get(name) ?? 0) + done());
      samples.get(name)?.push(...block);
    }
  }
  return Object.fromEntries(
    names.map((k) => [
      k,
      { latency: summarize(samples.get(k) ?? []), cpuMs: (cpu.get(k) ?? 0) / Math.max(1, n) },
    ]),
  ) as Record<K, { latency: Summary; cpuMs: number }>;
};
