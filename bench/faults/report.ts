import type { Figures } from "../lib/figures.js";
import type { FaultsResult } from "./faults-part.js";
import { PHASES, type Tally } from "./tally.js";

const PART = "faults";

/** "db down 210, steady 3": where in the run a kind of answer came from. */
const byPhase = (tally: Tally, key: "tryAgain" | "unconfirmed" | "httpError" | "refused" | "hang"): string =>
  PHASES.filter((p) => tally.byPhase[p][key] > 0)
    .map((p) => `${p} ${tally.byPhase[p][key]}`)
    .join(", ");

/** The faults part's figures, for the table and the JSON. */
export const reportFaults = (figures: Figures, r: FaultsResult, tally: Tally): void => {
  const sent = tally.total("sent");
  const f = (
    name: string,
    value: number,
    unit: string,
    target?: { op: "<" | "="; value: number },
    note?: string,
  ) => figures.add(PART, name, value, unit, target, note || undefined);
  f("requests sent at 100/s", sent, "req", undefined, `${r.plan.durationMs / 1000} s of load`);
  f("answered 2xx", tally.total("ok") + tally.total("tryAgain") + tally.total("unconfirmed"), `of ${sent}`);
  f(
    'clear error replies ("try again")',
    tally.total("tryAgain"),
    "req",
    undefined,
    byPhase(tally, "tryAgain"),
  );
  f(
    '"cannot tell whether it was saved, check first" replies',
    tally.total("unconfirmed"),
    "req",
    undefined,
    byPhase(tally, "unconfirmed"),
  );
  f("other HTTP errors", tally.total("httpError"), "req", undefined, byPhase(tally, "httpError"));
  f(
    "connection refused/reset while killed",
    tally.byPhase["server killed"].refused,
    "req",
    undefined,
    r.restartMs !== undefined ? `restart to ready ${Math.round(r.restartMs)} ms` : "",
  );
  f(
    "connection refused/reset, other phases",
    tally.total("refused") - tally.byPhase["server killed"].refused,
    "req",
    { op: "=", value: 0 },
    byPhase(tally, "refused"),
  );
  if (r.outage) {
    f("hangs (> 3 s) during PostgreSQL outage", tally.byPhase["db down"].hang, "req", { op: "=", value: 0 });
    f("PostgreSQL down, stop to ready", r.outage.downMs / 1000, "s", { op: "<", value: 5.5 });
  }
  f("hangs (> 3 s), all phases", tally.total("hang"), "req", { op: "=", value: 0 }, byPhase(tally, "hang"));
  if (r.restartMs !== undefined) f("restart to ready after kill -9", r.restartMs, "ms");
  f("server crashes (exits not caused by the bench)", r.crashes.length, "exits", { op: "=", value: 0 });
  const d = r.delivery;
  f(
    "tasks acknowledged",
    d.acknowledged,
    "tasks",
    undefined,
    `${d.createdUnacknowledged} more created whose reply was lost`,
  );
  f("tasks lost", d.tasksLost.length, "tasks", { op: "=", value: 0 });
  f(
    "tasks saved although the reply said to try again",
    d.savedDespiteFailureReply.length,
    "tasks",
    { op: "=", value: 0 },
    `${d.unconfirmed.saved} of ${d.unconfirmed.replies} "check first" replies were saved`,
  );
  f("chat API refusals served (500, 429)", r.chatApiRefusals, "req");
  f("notifications queued", d.outboxRows, "msgs");
  f(
    "notifications lost",
    d.lost.length,
    "msgs",
    { op: "=", value: 0 },
    d.drained ? "" : "outbox not drained in time",
  );
  f("outbox drained after load", d.drainMs / 1000, "s");
  const unexplained = d.duplicates.filter((x) => !x.explained).length;
  f(
    "notifications duplicated",
    d.extraCopies,
    "msgs",
    undefined,
    d.duplicates.map((x) => `${x.task}: ${x.explanation.split(":")[0]}`).join("; "),
  );
  f("duplicates not explained", unexplained, "msgs", { op: "=", value: 0 });
};
