import { sleep } from "../lib/server-process.js";
import type { BenchSlackApi } from "../slack/chat-api.js";
import type { FaultTimes } from "./delivery-check.js";
import type { Outage } from "./postgres-outage.js";
import type { Phase } from "./tally.js";

/** When each fault starts, in ms after the load starts. */
export interface Plan {
  durationMs: number;
  killAtMs: number;
  /** Undefined: no PostgreSQL outage in this run. */
  dbAtMs?: number;
  dbHoldMs: number;
  chatAtMs: number;
  chat500Ms: number;
  chat429Ms: number;
  retryAfterSeconds: number;
}

/**
 * The chat outage comes first: a kill -9 or a database outage leaves claimed rows leased for
 * 60 s, and later notifications to the same people wait behind them, so during that minute the
 * dispatcher would not be calling the chat API at all.
 */
export const FULL_PLAN: Plan = {
  durationMs: 75_000,
  killAtMs: 30_000,
  dbAtMs: 48_000,
  dbHoldMs: 1_500,
  chatAtMs: 6_000,
  chat500Ms: 8_000,
  chat429Ms: 8_000,
  retryAfterSeconds: 2,
};

/** About 20 s of load; no PostgreSQL outage (it would stop the server other people use). */
export const QUICK_PLAN: Plan = {
  durationMs: 20_000,
  killAtMs: 11_000,
  dbHoldMs: 0,
  chatAtMs: 2_000,
  chat500Ms: 3_000,
  chat429Ms: 3_000,
  retryAfterSeconds: 1,
};

export interface ScenarioHooks {
  plan: Plan;
  fake: BenchSlackApi;
  setPhase(p: Phase): void;
  /** kill -9 the server and start it again on the same port; resolves with restart-to-ready ms. */
  killAndRestart(): Promise<number>;
  /** Undefined when the outage is skipped. */
  outage: ((onDown: () => void) => Promise<Outage>) | undefined;
  note(line: string): void;
}

export interface ScenarioResult {
  faults: FaultTimes;
  restartMs?: number;
  outage?: Outage;
}

/** The faults one after another (chat API, kill -9, PostgreSQL) at the plan's times while the load runs. */
export const runScenario = async (start: number, h: ScenarioHooks): Promise<ScenarioResult> => {
  const { plan, fake } = h;
  const until = async (atMs: number) => {
    const wait = start + atMs - Date.now();
    if (wait > 0) await sleep(wait);
  };
  const late = (atMs: number, what: string) => {
    // A slow restart can push a fault past the end of the load: then it is not staged.
    if (Date.now() - start <= atMs + 5_000) return false;
    h.note(
      `faults: ${what} skipped, the run was ${Math.round((Date.now() - start - atMs) / 1000)} s behind plan`,
    );
    return true;
  };
  const out: ScenarioResult = { faults: {} };

  if (!late(plan.chatAtMs, "chat API outage")) {
    await until(plan.chatAtMs);
    try {
      h.setPhase("chat 500");
      fake.failWith(500);
      await sleep(plan.chat500Ms);
      h.setPhase("chat 429");
      fake.failWith(429, plan.retryAfterSeconds);
      await sleep(plan.chat429Ms);
    } finally {
      fake.clear();
      h.setPhase("steady");
    }
  }

  await until(plan.killAtMs);
  h.setPhase("server killed");
  out.faults.killedAt = Date.now();
  out.restartMs = await h.killAndRestart();
  out.faults.restartedAt = Date.now();
  h.setPhase("steady");

  if (plan.dbAtMs !== undefined && h.outage && !late(plan.dbAtMs, "PostgreSQL outage")) {
    await until(plan.dbAtMs);
    out.faults.dbStoppedAt = Date.now();
    h.setPhase("db down");
    try {
      out.outage = await h.outage(() => {});
      out.faults.dbReadyAt = out.outage.readyAt;
    } finally {
      out.faults.dbReadyAt ??= Date.now();
      h.setPhase("steady");
    }
  }

  return out;
};
