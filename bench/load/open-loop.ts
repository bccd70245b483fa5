import type { Agent } from "node:http";
import { nowMs, type Summary, summarize } from "../lib/stats.js";
import { type HttpAnswer, type HttpCall, send } from "./http-client.js";

export interface LoadResult {
  rate: number;
  durationMs: number;
  sent: number;
  /** 2xx answers. */
  ok: number;
  /** Answers with another status. */
  httpErrors: number;
  /** No answer at all (refused, reset, timed out). */
  failed: number;
  over3s: number;
  /** Completed requests per second over the whole run, tail included. */
  achievedPerSecond: number;
  latency: Summary;
  statuses: Record<string, number>;
}

export interface OpenLoopOptions {
  agent: Agent;
  base: string;
  rate: number;
  durationMs: number;
  /** Request number i (fresh signatures, rotating commands…). */
  make(i: number): HttpCall;
  /** Judge an answer beyond its status (e.g. a reply that says "try again"). */
  onAnswer?(i: number, answer: HttpAnswer, latencyMs: number): void;
  timeoutMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Open loop: request i is sent at start + i / rate whether or not earlier ones were answered,
 * and its latency is counted from that scheduled instant — so when the server falls behind,
 * the queueing shows in the figures instead of silently lowering the offered rate.
 */
export const openLoop = async (o: OpenLoopOptions): Promise<LoadResult> => {
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  let httpErrors = 0;
  let failed = 0;
  const inflight: Promise<void>[] = [];
  const start = nowMs();
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - nowMs();
    if (wait > 1) await sleep(wait);
    inflight.push(
      send(o.agent, o.base, o.make(i), o.timeoutMs).then((a) => {
        const latency = nowMs() - scheduled;
        latencies.push(latency);
        const key = a.status === 0 ? (a.error ?? "failed") : String(a.status);
        statuses[key] = (statuses[key] ?? 0) + 1;
        if (a.status >= 200 && a.status < 300) ok++;
        else if (a.status === 0) failed++;
        else httpErrors++;
        o.onAnswer?.(i, a, latency);
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = nowMs() - start;
  return {
    rate: o.rate,
    durationMs: o.durationMs,
    sent: total,
    ok,
    httpErrors,
    failed,
    over3s: latencies.filter((l) => l > 3000).length,
    achievedPerSecond: (ok / elapsed) * 1000,
    latency: summarize(latencies),
    statuses,
  };
};

/** One request after another, each one's latency (ms). */
export const sequentialSamples = async (
  agent: Agent,
  base: string,
  n: number,
  make: (i: number) => HttpCall,
  check?: (a: HttpAnswer) => void,
): Promise<number[]> => {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = nowMs();
    const a = await send(agent, base, make(i));
    samples.push(nowMs() - t);
    check?.(a);
  }
  return samples;
};

/** One request after another: the latency of a quiet server. */
export const sequential = async (...args: Parameters<typeof sequentialSamples>): Promise<Summary> =>
  summarize(await sequentialSamples(...args));
