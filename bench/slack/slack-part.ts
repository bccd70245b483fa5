import type { Agent } from "node:http";
import postgres from "postgres";
import type { Figures } from "../lib/figures.js";
import { type Load, quietest, worse } from "../lib/load.js";
import { waitForOutbox } from "../lib/outbox-drain.js";
import { type ServerProcess, startServerProcess } from "../lib/server-process.js";
import { type Summary, summarize } from "../lib/stats.js";
import { type HttpAnswer, type HttpCall, keepAliveAgent } from "../load/http-client.js";
import { type LoadResult, openLoop, sequential } from "../load/open-loop.js";
import { sideBySide } from "../load/side-by-side.js";
import { type Capacity, findCapacities, type StepOutcome, SUSTAINED_P99_MS } from "../load/stepping.js";
import type { Shape } from "../scale/shape.js";
import { commandFor, kindAt, type SlackCommandKind, slackServerEnv } from "./slack-requests.js";

const PART = "slack";
const KINDS: SlackCommandKind[] = ["list", "show", "assign"];
/**
 * The rates stepped through to find sustained capacity, the same for Delegate and the floor, wider
 * apart as they rise: Delegate stops at 400–1,350 a second on the machines measured, the floor at
 * 600–2,150, and the ladder must reach past both so that each capacity is the app's,
 * not the ladder's top. The gap each stops in is then halved down to FINEST_STEP
 * (findCapacities), so that coarse rungs do not decide the ratio of the two.
 */
const LADDER = [50, 100, 200, 300, 400, 600, 800, 1000, 1200, 1600, 2000, 2400, 3200];
const FINEST_STEP = 50;
const MIX_RATE = 200;

type App = "delegate" | "floor" | "ack";

export interface SlackResult {
  sequential: Record<string, Record<App, Summary>>;
  /** CPU of the servers and PostgreSQL backends per command, sequential (ms). */
  cpuPerCommand: Record<string, { delegate: number; floor: number }>;
  mixAt200: Record<App, LoadResult & { load: Load }>;
  delegateByKindAt200: Record<string, Summary>;
  capacity: Record<"delegate" | "floor", Capacity>;
  /** Replies that were errors (non-200 or an apology), with a few examples. */
  errors: number;
  errorsSeen: string[];
}

/**
 * Every command the bench sends is valid, so a reply drawn as an error (":x:" — an apology, a
 * "try again", a refusal) is an error the user saw, even with HTTP 200.
 */
const userError = (a: HttpAnswer): boolean => a.status !== 200 || a.body.includes(":x:");

/**
 * Delegate (PostgreSQL, the seeded firms) against two anchors in the same run: a Bolt app that
 * only acks, and the floor — the same Bolt app doing by hand the least SQL each command needs
 * (floor-bolt-app.ts). Sequential latency per command, the 70/30 mix at 200 req/s, then
 * sustained capacity found by stepping the rate.
 */
export const runSlack = async (
  figures: Figures,
  databaseUrl: string,
  shape: Shape,
  apiUrl: string,
  quick: boolean,
): Promise<SlackResult> => {
  const env = slackServerEnv(apiUrl);
  const firms = Math.min(100, shape.firms - 1);
  const make = (kind: SlackCommandKind) => (i: number) => commandFor(kind, i, firms, shape.attorneys);
  const mixed = (i: number): HttpCall => make(kindAt(i))(i);
  const errorsSeen: string[] = [];
  let errors = 0;
  const check = (a: HttpAnswer): boolean => {
    if (!userError(a)) return false;
    errors++;
    if (errorsSeen.length < 5) errorsSeen.push(`${a.status} ${a.error ?? ""} ${a.body.slice(0, 200)}`);
    return true;
  };
  const servers: Partial<Record<App, ServerProcess>> = {};
  const outbox = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const agent: Agent = keepAliveAgent(1024);
  const repeats = 1;
  try {
    servers.delegate = await startServerProcess({ DATABASE_URL: databaseUrl, ...env });
    servers.floor = await startServerProcess(
      { DATABASE_URL: databaseUrl, ...env },
      { script: "bench/slack/floor-bolt-app.ts" },
    );
    servers.ack = await startServerProcess(env, { script: "bench/slack/bare-bolt-app.ts" });
    const base = (app: App): string => servers[app]?.base ?? "";
    // Warm all three (JIT, pools, caches) before anything is timed.
    for (const app of ["delegate", "floor", "ack"] as const) {
      for (const kind of KINDS) await sequential(agent, base(app), 20, make(kind), check);
    }

    // Sequential: one command after another, each kind on Delegate, the floor and the ack-only app
    // taking turns in blocks (side-by-side.ts). p99 of 200 answers is the third slowest, which two
    // pauses of a server (a garbage collection, a scheduler hiccup) decide; of 500 it is the sixth
    // (lib/stats.ts).
    const n = quick ? 60 : 500;
    const seq: SlackResult["sequential"] = {};
    const cpuPerCommand: SlackResult["cpuPerCommand"] = {};
    for (const kind of KINDS) {
      const target = (app: App) => ({ base: base(app), make: make(kind), check });
      const run = await quietest(repeats, () =>
        sideBySide(agent, { delegate: target("delegate"), floor: target("floor"), ack: target("ack") }, n),
      );
      const delegate = run.value.delegate.latency;
      const floor = run.value.floor.latency;
      const ack = run.value.ack.latency;
      const cpu = { delegate: run.value.delegate.cpuMs, floor: run.value.floor.cpuMs };
      seq[kind] = { delegate, floor, ack };
      cpuPerCommand[kind] = cpu;
      const load = run.load;
      const add = (name: string, v: number, unit: string, target?: Parameters<Figures["add"]>[4]) =>
        figures.add(PART, name, v, unit, target, undefined, load);
      add(`sequential ${kind} p50, Delegate`, delegate.p50, "ms");
      add(`sequential ${kind} p99, ack-only`, ack.p99, "ms");
      add(`sequential ${kind} p99, Delegate`, delegate.p99, "ms");
      add(`sequential ${kind} p99, floor`, floor.p99, "ms");
      add(
        `sequential ${kind} p99 Delegate / floor`,
        delegate.p99 / floor.p99,
        "×",
        kind === "assign" ? { op: "<=", value: 2 } : undefined,
      );
      add(`sequential ${kind} CPU per command, Delegate`, cpu.delegate, "ms");
      add(`sequential ${kind} CPU per command, floor`, cpu.floor, "ms");
      add(`sequential ${kind} CPU per command Delegate / floor`, cpu.delegate / cpu.floor, "×");
      add(
        `sequential ${kind} p99 Delegate / ack-only`,
        delegate.p99 / ack.p99,
        "×",
        kind === "assign" ? undefined : { op: "<=", value: 2 },
      );
    }

    // The mix at 200 req/s on each of the three, one after another.
    const durationMs = quick ? 1500 : 5000;
    // The 200/s mix runs longer than a capacity step: its p99 is compared between apps, and of
    // 2,000 answers it is the 21st slowest rather than the 11th.
    const mixMs = quick ? 1500 : 10_000;
    const byKind: Record<string, number[]> = {};
    const atRate = async (
      app: App,
      rate: number,
      keepKinds: boolean,
      ms = durationMs,
    ): Promise<StepOutcome> => {
      let userErrors = 0;
      if (keepKinds) for (const k of Object.keys(byKind)) delete byKind[k];
      const result = await openLoop({
        agent,
        base: base(app),
        rate,
        durationMs: ms,
        make: mixed,
        onAnswer: (i, a, latency) => {
          if (check(a)) userErrors++;
          if (!keepKinds) return;
          const kind = kindAt(i);
          const list = byKind[kind] ?? [];
          list.push(latency);
          byKind[kind] = list;
        },
      });
      return { result, userErrors };
    };
    // After Delegate's steps: a step far past its capacity queues thousands of notifications, whose
    // delivery must not run into the next step, whichever app takes it. The floor's rows are never due.
    const delivered = async (app: App) => {
      if (app === "delegate") await waitForOutbox(outbox, { maxMs: 20_000, pollMs: 250, dueOnly: true });
    };
    const mix = {} as SlackResult["mixAt200"];
    for (const app of ["delegate", "floor", "ack"] as const) {
      // The sequential steps used one connection of each pool: the connections this rate needs
      // are opened, and the statements prepared on them, before it is timed, not during it.
      await atRate(app, MIX_RATE, false, quick ? 500 : 2000);
      await delivered(app);
      const r = await quietest(repeats, () => atRate(app, MIX_RATE, app === "delegate", mixMs));
      mix[app] = { ...r.value.result, load: r.load };
    }
    const delegateByKind = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summarize(v)]));
    const mixLoad = worse(mix.delegate.load, mix.floor.load);
    const at = (name: string, v: number, unit: string, load: Load, target?: Parameters<Figures["add"]>[4]) =>
      figures.add(PART, `${MIX_RATE}/s mix ${name}`, v, unit, target, undefined, load);
    at("p99, Delegate", mix.delegate.latency.p99, "ms", mix.delegate.load, { op: "<", value: 50 });
    at("p99, floor", mix.floor.latency.p99, "ms", mix.floor.load);
    at("p99, ack-only", mix.ack.latency.p99, "ms", mix.ack.load);
    at("p99 Delegate / floor", mix.delegate.latency.p99 / mix.floor.latency.p99, "×", mixLoad, {
      op: "<=",
      value: 3,
    });
    at(
      "p99 Delegate / ack-only",
      mix.delegate.latency.p99 / mix.ack.latency.p99,
      "×",
      worse(mixLoad, mix.ack.load),
    );
    for (const kind of KINDS) {
      const s = delegateByKind[kind];
      if (s) at(`${kind} p99, Delegate`, s.p99, "ms", mix.delegate.load);
    }
    at("answered, Delegate", mix.delegate.ok, `of ${mix.delegate.sent}`, mix.delegate.load, {
      op: "=",
      value: mix.delegate.sent,
    });

    const errorsBeforeStepping = errors;
    // Sustained capacity: the same mix, stepping the rate, Delegate and the floor taking turns.
    const say = (line: string) => process.stdout.write(`${line}\n`);
    say(" stepping delegate and floor…");
    const capacity: SlackResult["capacity"] = await findCapacities(
      LADDER,
      ["delegate", "floor"] as const,
      async (app, rate) => {
        const outcome = await atRate(app, rate, false);
        await delivered(app);
        return outcome;
      },
      {
        repeats,
        settleMs: quick ? 500 : 1500,
        // Steps of 6.5 s (each app stops after 8–18 of them); keeps a full run under 10 minutes even
        // when noisy steps are repeated.
        budgetMs: quick ? 40_000 : 120_000,
        finest: FINEST_STEP,
        say,
      },
    );
    const capNote = (c: Capacity) =>
      `steps ${c.steps.map((s) => `${s.rate}:${s.passed ? "ok" : "over"}`).join(" ")}; p99 < ${SUSTAINED_P99_MS} ms, all answered${c.outOfTime ? "; ladder cut by the time budget: at least this" : ""}`;
    figures.add(
      PART,
      "sustained mix capacity, Delegate",
      capacity.delegate.rate,
      "req/s",
      undefined,
      capNote(capacity.delegate),
      capacity.delegate.load,
    );
    figures.add(
      PART,
      "sustained mix capacity, floor",
      capacity.floor.rate,
      "req/s",
      undefined,
      capNote(capacity.floor),
      capacity.floor.load,
    );
    figures.add(
      PART,
      "sustained capacity Delegate / floor",
      capacity.floor.rate > 0 ? capacity.delegate.rate / capacity.floor.rate : 0,
      "×",
      { op: ">=", value: 0.7 },
      undefined,
      worse(capacity.delegate.load, capacity.floor.load),
    );
    figures.add(PART, "replies that were errors (sequential, 200/s)", errorsBeforeStepping, "req", {
      op: "=",
      value: 0,
    });
    return {
      sequential: seq,
      cpuPerCommand,
      mixAt200: mix,
      delegateByKindAt200: delegateByKind,
      capacity,
      errors,
      errorsSeen,
    };
  } finally {
    agent.destroy();
    await outbox.end({ timeout: 2 });
    for (const s of Object.values(servers)) await s?.stop();
  }
};
