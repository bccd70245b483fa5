import type { Figures } from "../lib/figures.js";
import { type ServerProcess, startServerProcess } from "../lib/server-process.js";
import { type Summary, summarize } from "../lib/stats.js";
import { type HttpAnswer, keepAliveAgent } from "../load/http-client.js";
import { type LoadResult, openLoop, sequential } from "../load/open-loop.js";
import type { Shape } from "../scale/shape.js";
import type { FakeSlackApi } from "./fake-slack-api.js";
import { BOT_TOKEN, commandFor, SIGNING_SECRET, type SlackCommandKind } from "./slack-requests.js";

const PART = "slack";
const KINDS: SlackCommandKind[] = ["list", "show", "assign"];
/** The open-loop mix: two lists and two shows to one assign. */
const MIX: SlackCommandKind[] = ["list", "show", "list", "show", "assign"];

export interface SlackResult {
  sequential: Record<string, { ours: Summary; bare: Summary }>;
  rates: { rate: number; ours: LoadResult; bare: LoadResult; oursByKind: Record<string, Summary> }[];
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
 * Our server (PostgreSQL, the seeded firms) against a bare Bolt app, side by side in the same
 * run: sequential latency per command, then open-loop rates, alternating ours and bare at each.
 */
export const runSlack = async (
  figures: Figures,
  databaseUrl: string,
  shape: Shape,
  fake: FakeSlackApi,
  quick: boolean,
): Promise<SlackResult> => {
  const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: fake.url };
  const firms = Math.min(100, shape.firms - 1);
  const make = (kind: SlackCommandKind) => (i: number) => commandFor(kind, i, firms, shape.attorneys);
  const errorsSeen: string[] = [];
  let errors = 0;
  const check = (a: HttpAnswer) => {
    if (!userError(a)) return;
    errors++;
    if (errorsSeen.length < 5) errorsSeen.push(`${a.status} ${a.error ?? ""} ${a.body.slice(0, 200)}`);
  };
  let ours: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  const agent = keepAliveAgent(512);
  try {
    ours = await startServerProcess({ DATABASE_URL: databaseUrl, ...env });
    bare = await startServerProcess(env, { script: "bench/slack/bare-bolt-app.ts" });
    const n = quick ? 30 : 200;
    // Warm both (JIT, pools, caches) before anything is timed.
    await sequential(agent, ours.base, 50, make("list"));
    await sequential(agent, bare.base, 50, make("list"));

    const seq: SlackResult["sequential"] = {};
    const bareSeq = await sequential(agent, bare.base, n, make("list"));
    for (const kind of KINDS) {
      const s = await sequential(agent, ours.base, n, make(kind), check);
      seq[kind] = { ours: s, bare: bareSeq };
      figures.add(PART, `sequential ${kind} p50`, s.p50, "ms");
      figures.add(PART, `sequential ${kind} p99`, s.p99, "ms");
      const limit = kind === "assign" ? 5 : 3;
      figures.add(PART, `sequential ${kind} p99 / bare p99`, s.p99 / bareSeq.p99, "×", {
        op: "<",
        value: limit,
      });
    }
    figures.add(PART, "sequential bare Bolt ack p99", bareSeq.p99, "ms");

    const rates: SlackResult["rates"] = [];
    const durationMs = quick ? 1000 : 5000;
    for (const rate of [50, 200, 500]) {
      const byKind: Record<string, number[]> = {};
      const mixed = (i: number) => make(MIX[i % MIX.length] ?? "list")(i);
      const o = await openLoop({
        agent,
        base: ours.base,
        rate,
        durationMs,
        make: mixed,
        onAnswer: (i, a, latency) => {
          const kind = MIX[i % MIX.length] ?? "list";
          const list = byKind[kind] ?? [];
          list.push(latency);
          byKind[kind] = list;
          check(a);
        },
      });
      const b = await openLoop({ agent, base: bare.base, rate, durationMs, make: mixed });
      const oursByKind = Object.fromEntries(Object.entries(byKind).map(([k, v]) => [k, summarize(v)]));
      rates.push({ rate, ours: o, bare: b, oursByKind });
      const at200 = rate === 200;
      figures.add(
        PART,
        `${rate}/s ours p99`,
        o.latency.p99,
        "ms",
        at200 ? { op: "<", value: 25 } : undefined,
      );
      figures.add(PART, `${rate}/s bare p99`, b.latency.p99, "ms");
      figures.add(
        PART,
        `${rate}/s p99 ours / bare`,
        o.latency.p99 / b.latency.p99,
        "×",
        at200 ? { op: "<", value: 5 } : undefined,
      );
      if (at200) {
        const reads = summarize([...(byKind.list ?? []), ...(byKind.show ?? [])]);
        figures.add(PART, "200/s reads p99 ours / bare", reads.p99 / b.latency.p99, "×", {
          op: "<",
          value: 3,
        });
      }
      figures.add(PART, `${rate}/s ours answered/s`, o.achievedPerSecond, "req/s");
      figures.add(PART, `${rate}/s requests over 3 s (ours + bare)`, o.over3s + b.over3s, "req", {
        op: "=",
        value: 0,
      });
      figures.add(PART, `${rate}/s ours non-200 or failed`, o.httpErrors + o.failed, "req", {
        op: "=",
        value: 0,
      });
    }
    figures.add(PART, "replies that were errors", errors, "req", { op: "=", value: 0 });
    return { sequential: seq, rates, errors, errorsSeen };
  } finally {
    agent.destroy();
    await ours?.stop();
    await bare?.stop();
  }
};
