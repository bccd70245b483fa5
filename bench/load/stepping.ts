import { type Load, quietest } from "../lib/load.js";
import { sleep } from "../lib/server-process.js";
import type { LoadResult } from "./open-loop.js";

/** What "sustained" means (issue 17): every request answered, none an error, p99 under 100 ms. */
export const SUSTAINED_P99_MS = 100;

export interface StepOutcome {
  result: LoadResult;
  /** Answers that were errors to the user although HTTP 200 (an apology, "try again"). */
  userErrors: number;
}

export interface Step {
  rate: number;
  p99: number;
  sent: number;
  answered: number;
  userErrors: number;
  passed: boolean;
  load: Load;
  attempts: number;
}

export interface Capacity {
  /**
   * The highest rate that passed: a rung of the ladder (every lower one passed too), or a halving
   * step below the first rung that failed; 0 if none did.
   */
  rate: number;
  /** The ladder was cut short by the time budget before any step failed: capacity is at least `rate`. */
  outOfTime: boolean;
  /** The load of the steps (the busiest of them), for the capacity figure. */
  load: Load;
  steps: Step[];
}

export const passes = (o: StepOutcome): boolean =>
  o.result.ok === o.result.sent && o.userErrors === 0 && o.result.latency.p99 < SUSTAINED_P99_MS;

/**
 * Step the offered rate up the ladder until a step fails, for each of several servers at once:
 * at each rate every server still climbing takes its step, the order turning from one rate to the
 * next, so that a drift of the machine's speed (docs/performance.md, "Outside load") falls on the
 * servers' steps at one rate alike rather than on one server's whole ladder. Each step is repeated
 * (keeping the quietest) when other processes were busy meanwhile. `settleMs` lets a server finish
 * what a step left behind (queued notifications) before the next one; `budgetMs` is per server.
 * With `finest`, the climb is followed by halving: while a multiple of `finest` lies between a
 * server's highest passing rate and its lowest failing one, it takes a step there, halfway (rounded
 * down; in turns again), so that a ladder coarse at the top does not decide a ratio of two capacities.
 */
export const findCapacities = async <K extends string>(
  ladder: readonly number[],
  servers: readonly K[],
  run: (server: K, rate: number) => Promise<StepOutcome>,
  options: {
    repeats: number;
    settleMs: number;
    budgetMs: number;
    finest?: number;
    say?: (line: string) => void;
  },
): Promise<Record<K, Capacity>> => {
  const climbing = new Set(servers);
  const found = Object.fromEntries(servers.map((k) => [k, { capacity: 0, steps: [] as Step[] }])) as Record<
    K,
    { capacity: number; steps: Step[] }
  >;
  let outOfTime = false;
  const deadline = performance.now() + options.budgetMs * servers.length;
  const take = async (server: K, rate: number): Promise<boolean> => {
    const { value, load, attempts } = await quietest(options.repeats, async () => {
      const outcome = await run(server, rate);
      await sleep(options.settleMs);
      return outcome;
    });
    const step: Step = {
      rate,
      p99: value.result.latency.p99,
      sent: value.result.sent,
      answered: value.result.ok,
      userErrors: value.userErrors,
      passed: passes(value),
      load,
      attempts,
    };
    const mine = found[server];
    mine.steps.push(step);
    options.say?.(
      `  ${servers.length > 1 ? `${server} ` : ""}${rate}/s: p99 ${step.p99.toFixed(1)} ms, ${step.answered}/${step.sent} answered, ${step.userErrors} errors, outside ${load.outsideCores} cores${step.passed ? "" : " — over"}`,
    );
    if (step.passed) mine.capacity = Math.max(mine.capacity, rate);
    return step.passed;
  };
  /** One step for each server `which` picks, in an order that turns from one call to the next. */
  let turns = 0;
  const inTurn = async (
    which: (k: K) => boolean,
    rateOf: (k: K) => number,
    after: (k: K, rate: number, passed: boolean) => void,
  ) => {
    const order = servers.map((_, j) => servers[(turns + j) % servers.length] as K);
    turns++;
    for (const server of order.filter(which)) {
      if (performance.now() > deadline) {
        outOfTime = true;
        return;
      }
      const rate = rateOf(server);
      after(server, rate, await take(server, rate));
    }
  };
  const failedAt: Partial<Record<K, number>> = {};
  for (const rate of ladder) {
    await inTurn(
      (k) => climbing.has(k),
      () => rate,
      (k, _, passed) => {
        if (passed) return;
        climbing.delete(k);
        failedAt[k] = rate;
      },
    );
    if (outOfTime || climbing.size === 0) break;
  }
  // Halving: a step between a server's highest pass and its lowest failure, on a multiple of `finest`.
  const { finest } = options;
  if (finest !== undefined) {
    const halfway = (k: K): number | undefined => {
      const high = failedAt[k];
      if (high === undefined) return undefined;
      const mid = Math.floor((found[k].capacity + high) / 2 / finest) * finest;
      return mid > found[k].capacity && mid < high ? mid : undefined;
    };
    while (!outOfTime && servers.some((k) => halfway(k) !== undefined)) {
      await inTurn(
        (k) => halfway(k) !== undefined,
        (k) => halfway(k) ?? 0,
        (k, rate, passed) => {
          if (!passed) failedAt[k] = rate;
        },
      );
    }
  }
  return Object.fromEntries(
    servers.map((k) => {
      const { capacity, steps } = found[k];
      const busiest = steps.reduce<Load | undefined>(
        (b, s) => (b === undefined || s.load.outsideCores > b.outsideCores ? s.load : b),
        undefined,
      );
      return [
        k,
        {
          rate: capacity,
          // Cut short while this server was still climbing: its capacity is at least `rate`.
          outOfTime: outOfTime && climbing.has(k),
          load: busiest ?? { outsideCores: 0, oursCores: 0, loadAverage: 0, seconds: 0, noisy: false },
          steps,
        },
      ];
    }),
  ) as Record<K, Capacity>;
};
