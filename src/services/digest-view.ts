import { formatLocal } from "../domain/due-time.js";
import { plural, ratio, refs, span } from "../figures/figure-words.js";
import { hoursView } from "../figures/week-report.js";
import type { View, ViewImage } from "../views/view.js";
import { type ChainHead, shortHash } from "./audit-chain.js";
import type { WeeklyFigures, WorkList } from "./digest-figures.js";

/** The first few task numbers of a list, then how many more. */
const listed = (list: WorkList): string =>
  list.count > list.first.length
    ? `${refs(list.first)} and ${list.count - list.first.length} more`
    : refs(list.first);

export interface DigestContext {
  firmName: string;
  tz: string;
  /** When this digest was due; set when it is posted late (every replica was down then). */
  lateSince?: Date;
  /** The firm's audit chain head when posted: history cannot be rewritten without disagreeing with it. */
  auditHead?: ChainHead;
  /** The trend chart, when it could be drawn. */
  chart?: ViewImage;
}

/**
 * The weekly digest, for a channel: aggregates, task numbers and matter numbers only — never a
 * task title or instruction. It opens with exactly what `hours <week>` shows, then quality, the
 * open work by whose move it is, and the audit trail's head. Slack, Teams and the console each
 * render this one view; the chart goes with it as an image with a text description.
 */
export const digestView = (f: WeeklyFigures, ctx: DigestContext): View => {
  const hours = hoursView(f.report);
  const firm = f.report.figures.firm;
  const rework = f.report.figures.reworkByReason;
  const reworkRounds = rework.reduce((s, r) => s + r.count, 0);
  const median = f.report.figures.medianTurnaroundHours;
  const w = f.work;
  const lines = [
    ...(ctx.lateSince ? [`Posted late: this digest was due ${formatLocal(ctx.lateSince, ctx.tz)}.`] : []),
    ...hours.lines,
    `On time: ${ratio(firm.onTime, firm.tasks)} · first-pass approval: ${ratio(firm.firstPass, firm.tasks)} · median turnaround: ${
      median === undefined ? "n/a" : span(median)
    }`,
    reworkRounds === 0
      ? "Rework before approval: none"
      : `Rework before approval: ${plural(reworkRounds, "round")} (${rework.map((r) => `${r.reason.replace(/_/g, " ")} ${r.count}`).join(" · ")})`,
    w.open === 0
      ? "Open work: none"
      : `Open work: ${plural(w.open, "task")} · overdue with the professional: ${w.overdue.count} · waiting on review: ${w.waitingOnReview} (${w.waitingPastDue.count} past due)`,
    ...(w.overdue.count > 0 ? [`Overdue with the professional: ${listed(w.overdue)}`] : []),
    ...(w.waitingPastDue.count > 0 ? [`Past due, waiting on review: ${listed(w.waitingPastDue)}`] : []),
    ...(ctx.auditHead
      ? [
          `Audit trail: ${plural(ctx.auditHead.seq, "event")}, head #${ctx.auditHead.seq} ${shortHash(ctx.auditHead.hash)} (admins can check it with audit verify).`,
        ]
      : []),
    ...(f.parked > 0
      ? [`${plural(f.parked, "notification")} could not be delivered: an admin can list them with outbox.`]
      : []),
  ];
  return {
    tone: ctx.lateSince ? "warning" : "info",
    title: `Weekly digest, ${f.report.week.label} · ${ctx.firmName}${ctx.lateSince ? " (late)" : ""}`,
    lines,
    ...(hours.items && hours.items.length > 0 ? { items: hours.items } : {}),
    ...(ctx.chart ? { image: ctx.chart } : {}),
    audience: "channel",
  };
};
