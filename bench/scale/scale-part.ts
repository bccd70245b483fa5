import pino from "pino";
import { createCore } from "../../src/commands/dispatch.js";
import { systemClock } from "../../src/services/deps.js";
import type { View } from "../../src/views/view.js";
import type { Figures } from "../lib/figures.js";
import { nowMs, type Summary, timeRepeated } from "../lib/stats.js";
import { type CaptureDb, openCaptureDb } from "./capture-db.js";
import { type ExplainedQuery, explain, isRead } from "./explain.js";
import { alertTick, alertTickReads, digestFigures, loadFirm } from "./job-runners.js";
import type { World } from "./seed-world.js";
import { benchUuid, slackTeamId, slackUserId, TYPICAL_FIRM } from "./shape.js";

export interface ScaleResult {
  seed: World;
  timings: Record<string, Summary>;
  explains: ExplainedQuery[];
  findings: string[];
}

const PART = "scale";

/** Run `fn` once with the query log on and EXPLAIN every read it made of the tasks table. */
const explainRun = async (
  capture: CaptureDb,
  label: string,
  fn: () => Promise<unknown>,
): Promise<ExplainedQuery[]> => {
  capture.captured.length = 0;
  capture.recording = true;
  try {
    await fn();
  } finally {
    capture.recording = false;
  }
  const reads = capture.captured.filter((q) => isRead(q) && /"tasks"|\btasks\b/.test(q.sql));
  const out: ExplainedQuery[] = [];
  for (const [i, q] of reads.entries()) out.push(await explain(capture.sql, `${label} #${i + 1}`, q));
  return out;
};

const expectOk = (what: string, view: View): View => {
  if (view.tone === "error") throw new Error(`${what} failed: ${view.lines.join(" ")}`);
  return view;
};

export const runScale = async (world: World, figures: Figures, quick: boolean): Promise<ScaleResult> => {
  const capture = openCaptureDb(world.url);
  const runs = quick ? 5 : 30;
  try {
    const core = createCore({ db: capture.db, clock: systemClock, logger: pino({ level: "silent" }) });
    // An attorney of the large firm and of a typical firm, speaking from their Slack workspaces.
    const say = (firm: number, text: string) => () =>
      core
        .handle({
          speaker: { platform: "slack", workspaceId: slackTeamId(firm), userId: slackUserId(firm, 1) },
          text,
        })
        .then((v) => expectOk(text, v));
    const large = await loadFirm(capture, benchUuid(1, 1, 0));
    const deepPage = Math.floor(world.shape.largeOpen / 2 / 20 / 2);
    // The first tick after seeding claims every alert that is due (a burst no steady state sees);
    // afterwards each tick finds them in the ledger, which is what every later tick costs.
    const first = nowMs();
    const claimed = await alertTick(capture, new Date());
    figures.add(
      PART,
      "alert tick, first after seed (claims all due)",
      nowMs() - first,
      "ms",
      undefined,
      `${claimed.alerts} alerts, ${claimed.notifications} notifications`,
    );
    const cases: [string, () => Promise<unknown>, number | undefined][] = [
      ["alert tick (all firms, steady state)", () => alertTick(capture, new Date()), 50],
      ["alert tick reads only", () => alertTickReads(capture, new Date()), undefined],
      ["digest figures, large firm", () => digestFigures(capture, large, new Date()), 300],
      ["list overdue page 1, large firm", say(1, "list overdue"), undefined],
      [`list overdue page ${deepPage}, large firm`, say(1, `list overdue page:${deepPage}`), undefined],
      ["hours last week, large firm", say(1, "hours last"), undefined],
      ["hours last week, typical firm", say(TYPICAL_FIRM, "hours last"), undefined],
      ["list all, typical firm", say(TYPICAL_FIRM, "list all"), undefined],
    ];
    const overdue = expectOk("list overdue", await say(1, "list overdue")());
    if ((overdue.items ?? []).length === 0)
      throw new Error("list overdue of the large firm returned nothing");

    const timings: Record<string, Summary> = {};
    const explains: ExplainedQuery[] = [];
    for (const [label, fn, target] of cases) {
      const s = await timeRepeated(runs, fn, { warmup: 1, budgetMs: quick ? 3000 : 12_000 });
      timings[label] = s;
      figures.add(PART, `${label} p50`, s.p50, "ms", undefined, `${s.n} runs`);
      figures.add(
        PART,
        `${label} p95`,
        s.p95,
        "ms",
        target === undefined ? undefined : { op: "<", value: target },
      );
      explains.push(...(await explainRun(capture, label, fn)));
    }
    const findings = explains
      .filter((e) => e.seqScans.includes("tasks"))
      .map((e) => `Seq Scan on tasks in ${e.label}: ${e.sql.slice(0, 160)}`);
    figures.add(PART, "query plans with Seq Scan on tasks", findings.length, "plans", { op: "=", value: 0 });
    figures.add(PART, "tasks seeded", world.tasks, "rows");
    return { seed: world, timings, explains, findings };
  } finally {
    await capture.close();
  }
};
