import type { Flag, Money, PeriodFigures, ProviderTotals, TaskRef, Totals } from "../domain/figures.js";
import { formatHours, formatMoney } from "../domain/money.js";
import { plural } from "../views/words.js";

/** Figures in a managing partner's words: shared by `hours`, the digest and `quality`. */

export { plural };

/** "3 of 4 (75%)", or "n/a" of nothing. */
export const ratio = (count: number, of: number): string =>
  of === 0 ? "n/a" : `${count} of ${of} (${Math.round((count / of) * 100)}%)`;

/** "5.6 h" under two days, else "8.4 days". */
export const span = (hours: number): string =>
  hours < 48 ? `${Math.round(hours * 10) / 10} h` : `${Math.round((hours / 24) * 10) / 10} days`;

export const refs = (list: TaskRef[]): string => list.map((r) => `T-${r.task} (${r.matter})`).join(", ");

/** One amount per currency, "$3,800.00", or "$3,700.00 + €120.00" in a week the currency changed. */
const amounts = (money: Record<string, Money>, pick: (m: Money) => number, currency: string): string => {
  const entries = Object.entries(money);
  return entries.length === 0
    ? formatMoney(0, currency)
    : entries.map(([code, m]) => formatMoney(pick(m), code)).join(" + ");
};

/** Value, cost, billed and value less cost of `t`; `currency` (the firm's) shows the zeros of an empty period. */
const moneyWords = (t: Totals, currency: string, billed: string): string =>
  `value ${amounts(t.money, (m) => m.value, currency)} · cost ${amounts(t.money, (m) => m.cost, currency)} · ${billed} ${amounts(t.money, (m) => m.billed, currency)} · value less cost ${amounts(t.money, (m) => m.net, currency)}`;

export const moneyLine = (t: Totals, currency: string): string =>
  `V${moneyWords(t, currency, "billed to clients").slice(1)}`;

const and = (list: TaskRef[]): string => {
  const named = list.map((r) => `T-${r.task} (${r.matter})`);
  return named.length <= 1 ? (named[0] ?? "") : `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
};

/** A flag in words, naming the tasks (and the person) to look at. */
const flagLine = (f: Flag): string => {
  switch (f.kind) {
    case "no_time":
      return `Check: no time logged on ${and(f.tasks)}: cost and billing for that work are unknown, not zero.`;
    case "no_cost_rate":
      return `Check: no cost rate on file for ${f.person}; the cost of their time on ${and(f.tasks)} is not counted.`;
    case "no_bill_rate":
      return `Check: no bill rate on file for ${f.person}; their time on ${and(f.tasks)}, on matters billed at bill rates, was not billed.`;
  }
};

export const flagLines = (flags: Flag[]): string[] => flags.map(flagLine);

/** The firm's recovered hours, and their share of the attorneys' scheduled time that week. */
export const recoveredLine = (t: Totals, attorneyMinutes: number | undefined): string => {
  const reviewed =
    t.reviewMinutes > 0
      ? ` (${formatHours(t.savedMinutes)} saved less ${formatHours(t.reviewMinutes)} of review)`
      : "";
  const share =
    attorneyMinutes && attorneyMinutes > 0
      ? `, ${((t.recoveredMinutes / attorneyMinutes) * 100).toFixed(1)}% of the attorneys' ${formatHours(attorneyMinutes)} of working time`
      : "";
  return `Recovered: ${formatHours(t.recoveredMinutes)} of attorney time${reviewed} over ${plural(t.tasks, "approved task")}${share}.`;
};

export const attorneyItem = (a: PeriodFigures["byAttorney"][number], currency: string): string =>
  `Attorney ${a.name}: ${formatHours(a.recoveredMinutes)} recovered · ${plural(a.tasks, "task")} · ${moneyWords(a, currency, "billed")}`;

export const providerItem = (p: ProviderTotals, currency: string): string =>
  `${p.provider === null ? "No provider on file" : `Provider ${p.provider}`}: ${plural(p.tasks, "task")} approved · ${formatHours(p.loggedMinutes)} logged · first pass ${ratio(p.firstPass, p.tasks)} · on time ${ratio(p.onTime, p.tasks)} · cost ${amounts(p.money, (m) => m.cost, currency)} · billed ${amounts(p.money, (m) => m.billed, currency)}`;
