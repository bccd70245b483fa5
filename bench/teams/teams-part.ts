import { startFakeBotConnector } from "../../tests/support/fake-bot-connector.js";
import type { Figures } from "../lib/figures.js";
import { quietest, worse } from "../lib/load.js";
import { type ServerProcess, startServerProcess } from "../lib/server-process.js";
import type { Summary } from "../lib/stats.js";
import { type HttpAnswer, type HttpCall, keepAliveAgent } from "../load/http-client.js";
import { type LoadResult, openLoop, sequential } from "../load/open-loop.js";
import type { Shape } from "../scale/shape.js";
import { cardAction, message } from "./teams-activities.js";

const PART = "teams";

export interface TeamsResult {
  sequential: Record<string, { ours: Summary; bare: Summary }>;
  rates: { rate: number; ours: LoadResult; bare: LoadResult }[];
  errors: number;
  errorsSeen: string[];
}

/**
 * Our server's /api/messages (PostgreSQL, seeded firms, emulator mode on loopback) against a
 * bare botbuilder bot answering a fixed card, both replying through the same fake connector.
 */
export const runTeams = async (
  figures: Figures,
  databaseUrl: string,
  shape: Shape,
  quick: boolean,
): Promise<TeamsResult> => {
  const connector = await startFakeBotConnector();
  const firms = Math.min(100, shape.firms - 1);
  const kinds: Record<string, (i: number) => HttpCall> = {
    "message list": (i) => message(2 + (i % firms), 1, "list all", connector.url),
    "message show": (i) => message(2 + (i % firms), 1, `show T-${1 + (i % 200)}`, connector.url),
    "adaptiveCard/action": (i) => cardAction(2 + (i % firms), 1, 1 + (i % 200), connector.url),
  };
  const errorsSeen: string[] = [];
  let errors = 0;
  const check = (a: HttpAnswer) => {
    if (a.status >= 200 && a.status < 300) return;
    errors++;
    if (errorsSeen.length < 5) errorsSeen.push(`${a.status} ${a.error ?? ""} ${a.body.slice(0, 200)}`);
  };
  let ours: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  const agent = keepAliveAgent(512);
  try {
    // Emulator mode: no tokens, loopback only (docs/security.md).
    ours = await startServerProcess({ DATABASE_URL: databaseUrl, TEAMS_EMULATOR: "true" });
    bare = await startServerProcess({}, { script: "bench/teams/bare-teams-bot.ts" });
    const n = quick ? 30 : 150;
    const repeats = 1;
    const seq: TeamsResult["sequential"] = {};
    for (const [name, make] of Object.entries(kinds)) {
      await sequential(agent, ours.base, 20, make);
      await sequential(agent, bare.base, 20, make);
      const run = await quietest(repeats, async () => ({
        o: await sequential(agent, ours?.base ?? "", n, make, check),
        b: await sequential(agent, bare?.base ?? "", n, make),
      }));
      const { o, b } = run.value;
      seq[name] = { ours: o, bare: b };
      figures.add(PART, `sequential ${name} p50`, o.p50, "ms", undefined, undefined, run.load);
      figures.add(PART, `sequential ${name} p99`, o.p99, "ms", undefined, undefined, run.load);
      figures.add(
        PART,
        `sequential ${name} p99 / bare p99`,
        o.p99 / b.p99,
        "×",
        undefined,
        undefined,
        run.load,
      );
    }
    const rates: TeamsResult["rates"] = [];
    const durationMs = quick ? 1000 : 5000;
    const mixed = (i: number) =>
      (i % 2 === 0 ? kinds["message list"] : kinds["adaptiveCard/action"])?.(i) ?? { path: "/" };
    for (const rate of [50, 100, 200]) {
      const oursRun = await quietest(repeats, () =>
        openLoop({
          agent,
          base: ours?.base ?? "",
          rate,
          durationMs,
          make: mixed,
          onAnswer: (_i, a) => check(a),
        }),
      );
      const bareRun = await quietest(repeats, () =>
        openLoop({ agent, base: bare?.base ?? "", rate, durationMs, make: mixed }),
      );
      const o = oursRun.value;
      const b = bareRun.value;
      rates.push({ rate, ours: o, bare: b });
      // Issue 17: at 200 activities/s, p99 under 100 ms with every activity answered.
      const at200 = rate === 200;
      const add = (name: string, v: number, unit: string, target?: Parameters<Figures["add"]>[4]) =>
        figures.add(PART, name, v, unit, target, undefined, oursRun.load);
      add(`${rate}/s ours p99`, o.latency.p99, "ms", at200 ? { op: "<", value: 100 } : undefined);
      figures.add(PART, `${rate}/s bare p99`, b.latency.p99, "ms", undefined, undefined, bareRun.load);
      figures.add(
        PART,
        `${rate}/s p99 ours / bare`,
        o.latency.p99 / b.latency.p99,
        "×",
        undefined,
        undefined,
        worse(oursRun.load, bareRun.load),
      );
      add(`${rate}/s ours answered`, o.ok, `of ${o.sent}`, at200 ? { op: "=", value: o.sent } : undefined);
      add(`${rate}/s ours answered/s`, o.achievedPerSecond, "req/s");
      add(`${rate}/s ours non-2xx or failed`, o.httpErrors + o.failed, "req", { op: "=", value: 0 });
    }
    figures.add(PART, "replies that were errors", errors, "req", { op: "=", value: 0 });
    figures.add(PART, "connector posts received", connector.requests.length, "posts");
    return { sequential: seq, rates, errors, errorsSeen };
  } finally {
    agent.destroy();
    await ours?.stop();
    await bare?.stop();
    await connector.close();
  }
};
