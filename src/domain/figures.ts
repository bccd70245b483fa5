import { amountFor } from "./money.js";
import type { BillMode, Category, Role } from "./vocabulary.js";

/**
 * The figures a managing partner reads, from what was frozen at approval (docs/figures.md).
 * Pure: the database reads are in src/figures/, the words in the views.
 */

/** One person's time on an approved task, with their rates and provider at approval. */
export interface FrozenTime {
  personId: string;
  name: string;
  role: Role;
  provider: string | null;
  minutes: number;
  costRate: number | null;
  billRate: number | null;
}

/** An approved task as frozen at approval, with the names and numbers a view needs. */
export interface FrozenTask {
  taskId: string;
  number: number;
  matterNumber: string;
  category: Category;
  supervisorId: string;
  supervisorName: string;
  assigneeId: string;
  assigneeName: string;
  assigneeProvider: string | null;
  assignedAt: Date;
  approvedAt: Date;
  savedMinutes: number;
  reviewMinutes: number;
  valueRate: number;
  billMode: BillMode;
  currency: string;
  committedDueAt: Date;
  submittedAt: Date;
  onTime: boolean;
  rounds: number;
  reworkReasons: Record<string, number>;
  utbmsTask: string;
  utbmsActivity: string;
  time: FrozenTime[];
}

/** What one person's time on a task cost the firm and was billed to the client, in cents. */
export interface TimeAmounts {
  cost: number;
  billed: number;
  /** The rate the client is billed per hour for it (undefined: not billed, or no rate on file). */
  billRate: number | undefined;
}

/** The rate a client is billed for this time under the matter's billing mode. */
export const billRateOf = (mode: BillMode, t: Pick<FrozenTime, "costRate" | "billRate">): number | null =>
  mode === "rate" ? t.billRate : mode === "cost" ? t.costRate : null;

export const timeAmounts = (mode: BillMode, t: FrozenTime): TimeAmounts => {
  const rate = billRateOf(mode, t);
  return {
    cost: t.costRate === null ? 0 : amountFor(t.minutes, t.costRate),
    billed: rate === null ? 0 : amountFor(t.minutes, rate),
    billRate: rate ?? undefined,
  };
};

/** A task's money and hours, in cents and minutes. */
export interface TaskAmounts {
  /** Hours saved less review time, never below zero. */
  recoveredMinutes: number;
  loggedMinutes: number;
  value: number;
  cost: number;
  billed: number;
  /** Value less cost. */
  net: number;
}

export const taskAmounts = (t: FrozenTask): TaskAmounts => {
  const recoveredMinutes = Math.max(0, t.savedMinutes - t.reviewMinutes);
  const value = amountFor(recoveredMinutes, t.valueRate);
  let cost = 0;
  let billed = 0;
  let loggedMinutes = 0;
  for (const time of t.time) {
    const a = timeAmounts(t.billMode, time);
    cost += a.cost;
    billed += a.billed;
    loggedMinutes += time.minutes;
  }
  return { recoveredMinutes, loggedMinutes, value, cost, billed, net: value - cost };
};

/** Something the figures cannot say, named so it is fixed rather than read as zero. */
export type Flag =
  | { kind: "no_time"; tasks: TaskRef[] }
  | { kind: "no_cost_rate"; person: string; tasks: TaskRef[] }
  | { kind: "no_bill_rate"; person: string; tasks: TaskRef[] };

export interface TaskRef {
  task: number;
  matter: string;
}

/** Amounts in cents, in one currency. */
export interface Money {
  value: number;
  cost: number;
  billed: number;
  /** Value less cost. */
  net: number;
}

/** Sums over a set of approved tasks (a firm's week, an attorney's, a provider's). */
export interface Totals {
  tasks: number;
  savedMinutes: number;
  reviewMinutes: number;
  recoveredMinutes: number;
  loggedMinutes: number;
  /**
   * Per currency, as frozen at approval: one entry, unless the firm changed its currency within
   * the period (amounts are never converted nor added across currencies).
   */
  money: Record<string, Money>;
  onTime: number;
  firstPass: number;
}

export const emptyTotals = (): Totals => ({
  tasks: 0,
  savedMinutes: 0,
  reviewMinutes: 0,
  recoveredMinutes: 0,
  loggedMinutes: 0,
  money: {},
  onTime: 0,
  firstPass: 0,
});

const addMoney = (into: Totals, currency: string, m: Money): void => {
  const to = into.money[currency] ?? { value: 0, cost: 0, billed: 0, net: 0 };
  to.value += m.value;
  to.cost += m.cost;
  to.billed += m.billed;
  to.net += m.net;
  into.money[currency] = to;
};

const addTask = (into: Totals, t: FrozenTask, a: TaskAmounts): void => {
  into.tasks += 1;
  into.savedMinutes += t.savedMinutes;
  into.reviewMinutes += t.reviewMinutes;
  into.recoveredMinutes += a.recoveredMinutes;
  into.loggedMinutes += a.loggedMinutes;
  addMoney(into, t.currency, a);
  if (t.onTime) into.onTime += 1;
  if (t.rounds === 1) into.firstPass += 1;
};

export interface ProviderTotals extends Totals {
  /** null: professionals with no provider on file (engaged directly). */
  provider: string | null;
}

export interface PeriodFigures {
  firm: Totals;
  byAttorney: (Totals & { attorneyId: string; name: string })[];
  /**
   * Per provider: the tasks whose approved work was theirs (tasks, on time, first pass, hours
   * recovered, value) and the time their people logged on any approved task (hours, cost, billed).
   */
  byProvider: ProviderTotals[];
  flags: Flag[];
  /** Median hours from assignment to approval; undefined with nothing approved. */
  medianTurnaroundHours: number | undefined;
  /** Changes requested before approval on these tasks, by reason, largest first. */
  reworkByReason: { reason: string; count: number }[];
}

export const median = (values: number[]): number | undefined => {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const byTask = (a: TaskRef, b: TaskRef) => a.task - b.task;

/** Every figure of a set of approved tasks, at once (one pass; the views only word them). */
export const periodFigures = (tasks: FrozenTask[]): PeriodFigures => {
  const firm = emptyTotals();
  const attorneys = new Map<string, Totals & { attorneyId: string; name: string }>();
  const providers = new Map<string | null, ProviderTotals>();
  const provider = (p: string | null) => {
    let line = providers.get(p);
    if (!line) {
      line = { ...emptyTotals(), provider: p };
      providers.set(p, line);
    }
    return line;
  };
  const noTime: TaskRef[] = [];
  const noCost = new Map<string, TaskRef[]>();
  const noBill = new Map<string, TaskRef[]>();
  const rework = new Map<string, number>();
  const turnarounds: number[] = [];
  for (const t of tasks) {
    const a = taskAmounts(t);
    const ref = { task: t.number, matter: t.matterNumber };
    addTask(firm, t, a);
    let attorney = attorneys.get(t.supervisorId);
    if (!attorney) {
      attorney = { ...emptyTotals(), attorneyId: t.supervisorId, name: t.supervisorName };
      attorneys.set(t.supervisorId, attorney);
    }
    addTask(attorney, t, a);
    // The provider's own line counts their tasks, but only their own people's time and money.
    const own = provider(t.assigneeProvider);
    addTask(own, t, { ...a, loggedMinutes: 0, cost: 0, billed: 0, net: a.value });
    for (const time of t.time) {
      const m = timeAmounts(t.billMode, time);
      const line = provider(time.provider);
      line.loggedMinutes += time.minutes;
      addMoney(line, t.currency, { value: 0, cost: m.cost, billed: m.billed, net: -m.cost });
      if (time.costRate === null) noCost.set(time.name, [...(noCost.get(time.name) ?? []), ref]);
      if (t.billMode === "rate" && time.billRate === null) {
        noBill.set(time.name, [...(noBill.get(time.name) ?? []), ref]);
      }
    }
    if (a.loggedMinutes === 0) noTime.push(ref);
    for (const [reason, n] of Object.entries(t.reworkReasons))
      rework.set(reason, (rework.get(reason) ?? 0) + n);
    turnarounds.push((t.approvedAt.getTime() - t.assignedAt.getTime()) / 3_600_000);
  }
  const flags: Flag[] = [
    ...(noTime.length > 0 ? [{ kind: "no_time" as const, tasks: noTime.sort(byTask) }] : []),
    ...[...noCost].map(([person, refs]) => ({
      kind: "no_cost_rate" as const,
      person,
      tasks: refs.sort(byTask),
    })),
    ...[...noBill].map(([person, refs]) => ({
      kind: "no_bill_rate" as const,
      person,
      tasks: refs.sort(byTask),
    })),
  ];
  return {
    firm,
    byAttorney: [...attorneys.values()].sort(
      (a, b) => b.recoveredMinutes - a.recoveredMinutes || a.name.localeCompare(b.name),
    ),
    byProvider: [...providers.values()]
      // Attorneys' own logged time has no provider: a line of it alone would be noise.
      .filter((p) => p.tasks > 0 || p.provider !== null)
      .sort((a, b) =>
        a.provider === null ? 1 : b.provider === null ? -1 : a.provider.localeCompare(b.provider),
      ),
    flags,
    medianTurnaroundHours: median(turnarounds),
    reworkByReason: [...rework]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
};
