import { formatLocal } from "../domain/due-time.js";
import type { View } from "../views/view.js";
import { type ChainHead, shortHash } from "./audit-chain.js";
import { LISTED_WORK, type Ratio, type WeeklyFigures, type WorkList } from "./digest-figures.js";
import { hoursView } from "./hours-service.js";

const BARS = "▁▂▃▄▅▆▇█";

/** A text sparkline: one bar per value, scaled to the largest (all zero: all low). */
export const sparkline = (values: number[]): string => {
  const max = Math.max(0, ...values);
  return values
    .map((v) => BARS[max <= 0 ? 0 : Math.round((Math.max(0, v) / max) * (BARS.length - 1))] ?? "▁")
    .join("");
};

const ratio = (r: Ratio): string =>
  r.of === 0 ? "n/a" : `${r.count} of ${r.of} (${Math.round((r.count / r.of) * 100)}%)`;

const span = (hours: number): string =>
  hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round((hours / 24) * 10) / 10} days`;

/**
 * At most LISTED_WORK task numbers per list, then a count: a channel message must stay
 * readable (and under Slack's limits).
 */
const refs = (list: WorkList): string => {
  const shown = list.first.slice(0, LISTED_WORK).map((w) => `T-${w.task} (${w.matter})`);
  return list.count > shown.length
    ? `${shown.join(", ")} and ${list.count - shown.length} more`
    : shown.join(", ");
};

export interface DigestContext {
  firmName: string;
  tz: string;
  /** When this digest was due; set when it is posted late (every replica was down then). */
  lateSince?: Date;
  /** The firm's audit chain head when posted: history cannot be rewritten without disagreeing with it. */
  auditHead?: ChainHead;
}

/**
 * The weekly digest, for a channel: aggregates, task numbers and matter numbers only — never a
 * task title or instruction. The first line and the per-attorney rows are exactly what
 * `hours <week>` shows. Slack, Teams and the console each render this one view.
 */
export const digestView = (f: WeeklyFigures, ctx: DigestContext): View => {
  const hours = hoursView(f.week, f.hours);
  const changes = f.changesByReason.reduce((s, c) => s + c.count, 0);
  const lines = [
    ...(ctx.lateSince ? [`Posted late: this digest was due ${formatLocal(ctx.lateSince, ctx.tz)}.`] : []),
    ...hours.lines,
    `On time: ${ratio(f.onTime)} · first-pass approval: ${ratio(f.firstPass)} · average turnaround: ${
      f.averageTurnaroundHours === undefined ? "n/a" : span(f.averageTurnaroundHours)
    }`,
    changes === 0
      ? "Changes requested: none"
      : `Changes requested: ${changes} (${f.changesByReason.map((c) => `${c.reason.replace(/_/g, " ")} ${c.count}`).join(" · ")})`,
    f.open.count === 0
      ? "Open work: none"
      : `Open work: ${f.open.count} task${f.open.count === 1 ? "" : "s"}, ${f.overdue.count} overdue`,
    ...(f.overdue.count > 0 ? [`Overdue: ${refs(f.overdue)}`] : []),
    ...(f.open.count > 0 ? [`Open: ${refs(f.open)}`] : []),
    `Recovered hours, last 4 weeks: ${sparkline(f.trend.map((t) => t.hours))} ${f.trend
      .map((t) => `${t.label.slice(5)} ${t.hours} h`)
      .join(" · ")}`,
    ctx.auditHead
      ? `Audit trail: ${ctx.auditHead.seq} events, head #${ctx.auditHead.seq} ${shortHash(ctx.auditHead.hash)} (admins can check it with audit verify).`
      : "Audit trail: no events yet.",
    ...(f.parked > 0
      ? [
          `${f.parked} notification${f.parked === 1 ? "" : "s"} could not be delivered: an admin can list them with outbox.`,
        ]
      : []),
  ];
  return {
    tone: ctx.lateSince ? "warning" : "info",
    title: `Weekly digest, ${f.week.label} · ${ctx.firmName}${ctx.lateSince ? " (late)" : ""}`,
    lines,
    ...(hours.items && hours.items.length > 0 ? { items: hours.items } : {}),
    audience: "channel",
  };
};
