import { describe, expect, it } from "vitest";
import { Figures } from "../../bench/lib/figures.js";
import { processTicks } from "../../bench/lib/load.js";
import type { LoadResult } from "../../bench/load/open-loop.js";
import { findCapacities, type StepOutcome } from "../../bench/load/stepping.js";

/** A step's result as the open loop reports it: `ok` of `sent` answered, with this p99. */
const outcome = (sent: number, ok: number, p99: number, userErrors = 0): StepOutcome => ({
  result: {
    rate: 0,
    durationMs: 0,
    sent,
    ok,
    httpErrors: 0,
    failed: sent - ok,
    over3s: 0,
    achievedPerSecond: 0,
    latency: { n: ok, p50: p99, p95: p99, p99, max: p99, mean: p99 },
    statuses: {},
  } satisfies LoadResult,
  userErrors,
});

describe("bench: sustained capacity by stepping the rate", () => {
  const step = { repeats: 0, settleMs: 0, budgetMs: 60_000 };
  /** One server's capacity. */
  const findCapacity = async (
    ladder: number[],
    run: (rate: number) => Promise<StepOutcome>,
    options: Parameters<typeof findCapacities>[3],
  ) => (await findCapacities(ladder, ["one"], (_, rate) => run(rate), options)).one;

  it("is the highest rate below the first step that misses p99 < 100 ms", async () => {
    const tried: number[] = [];
    const c = await findCapacity(
      [50, 100, 150, 200, 250],
      async (rate) => {
        tried.push(rate);
        return outcome(rate, rate, rate <= 100 ? 40 : 180);
      },
      step,
    );
    expect(c.rate).toBe(100);
    expect(tried).toEqual([50, 100, 150]);
    expect(c.steps.map((s) => s.passed)).toEqual([true, true, false]);
  });

  it("counts a step with an unanswered request or an error reply as failed", async () => {
    const unanswered = await findCapacity(
      [50, 100],
      async (rate) => outcome(rate, rate === 100 ? 99 : 50, 10),
      step,
    );
    expect(unanswered.rate).toBe(50);
    const apology = await findCapacity(
      [50, 100],
      async (rate) => outcome(rate, rate, 10, rate === 100 ? 1 : 0),
      step,
    );
    expect(apology.rate).toBe(50);
  });

  it("steps several servers in turns, rate by rate, each stopping at its own first failure", async () => {
    const tried: string[] = [];
    const limit = { a: 100, b: 200 };
    const c = await findCapacities(
      [50, 100, 150, 200, 250],
      ["a", "b"] as const,
      async (server, rate) => {
        tried.push(`${server}${rate}`);
        return outcome(rate, rate, rate <= limit[server] ? 40 : 180);
      },
      step,
    );
    expect(c.a.rate).toBe(100);
    expect(c.b.rate).toBe(200);
    // The order turns from one rate to the next; a stops at 150, b climbs on alone.
    expect(tried).toEqual(["a50", "b50", "b100", "a100", "a150", "b150", "b200", "b250"]);
  });

  it("with `finest`, halves the gap between the last rung passed and the first failed", async () => {
    const tried: number[] = [];
    const c = await findCapacity(
      [100, 200, 400],
      async (rate) => {
        tried.push(rate);
        return outcome(rate, rate, rate <= 300 ? 40 : 180);
      },
      { ...step, finest: 50 },
    );
    // 400 fails: 300 passes, 350 fails, and 325 is not on a multiple of 50.
    expect(tried).toEqual([100, 200, 400, 300, 350]);
    expect(c.rate).toBe(300);
    expect(c.steps.map((s) => s.passed)).toEqual([true, true, false, true, false]);
  });

  it("halves for several servers in turns, each within its own gap", async () => {
    const tried: string[] = [];
    const limit = { a: 250, b: 700 };
    const c = await findCapacities(
      [100, 200, 400, 800],
      ["a", "b"] as const,
      async (server, rate) => {
        tried.push(`${server}${rate}`);
        return outcome(rate, rate, rate <= limit[server] ? 40 : 180);
      },
      { ...step, finest: 100 },
    );
    expect(c.a.rate).toBe(200);
    expect(c.b.rate).toBe(700);
    expect(tried).toEqual(["a100", "b100", "b200", "a200", "a400", "b400", "b800", "a300", "b600", "b700"]);
  });

  it("stops at the time budget and says the capacity is a lower bound", async () => {
    const c = await findCapacity([50, 100, 150], async (rate) => outcome(rate, rate, 10), {
      ...step,
      budgetMs: -1,
    });
    expect(c.steps).toHaveLength(0);
    expect(c.outOfTime).toBe(true);
  });
});

describe("bench: figures and the load beside them", () => {
  it("judges <=, >= and = targets and records a load on every figure", () => {
    const f = new Figures();
    expect(f.add("p", "a", 2, "×", { op: "<=", value: 2 }).pass).toBe(true);
    expect(f.add("p", "b", 0.69, "×", { op: ">=", value: 0.7 }).pass).toBe(false);
    expect(f.add("p", "c", 0, "req", { op: "=", value: 0 }).pass).toBe(true);
    for (const figure of f.all) expect(figure.load?.outsideCores).toBeGreaterThanOrEqual(0);
  });

  it("reads a process's CPU time from /proc, in agreement with Node's own count", () => {
    const before = processTicks(process.pid);
    const cpu = process.cpuUsage();
    // Spend 100 ms of CPU (not of wall time: the machine may be busy).
    let x = 0;
    while (process.cpuUsage(cpu).user + process.cpuUsage(cpu).system < 100_000) x += Math.sqrt(x + 1);
    expect(x).toBeGreaterThan(0);
    // Ticks are 10 ms: 100 ms of CPU is at least 9 of them.
    expect(processTicks(process.pid) - before).toBeGreaterThanOrEqual(9);
    expect(processTicks(2 ** 22 + 1)).toBe(0);
  });
});
