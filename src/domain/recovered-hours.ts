import type { Category } from "./vocabulary.js";

/**
 * Attorney minutes a task type saves when the assigning attorney gave no `est:` and the
 * firm set no default of its own (`firm set est.document_review:3h`).
 */
export const BUILT_IN_ESTIMATES: Readonly<Record<Category, number>> = {
  intake: 60,
  document_review: 180,
  legal_research: 240,
  drafting: 180,
  scheduling: 30,
  filing: 60,
  case_management: 60,
  other: 60,
};

export interface ApprovedTaskFacts {
  category: Category;
  estMinutes: number | null;
  spentMinutes: number;
  supervisorId: string;
  supervisorName: string;
  supervisorRate: number | null;
  assigneeCostRate: number | null;
}

export interface HoursLine {
  tasks: number;
  hours: number;
  value: number;
  cost: number;
  net: number;
}

export interface RecoveredHours {
  firm: HoursLine;
  byAttorney: (HoursLine & { attorneyId: string; name: string })[];
}

const round2 = (n: number): number => Math.round(n * 100) / 100;
const emptyLine = (): HoursLine => ({ tasks: 0, hours: 0, value: 0, cost: 0, net: 0 });

/**
 * DESIGN.md: for each task approved in the period, the attorney time it saved (its estimate,
 * else the firm's default for its type) valued at the supervising attorney's rate (else the
 * firm's default rate); cost is time spent at the professional's cost rate.
 */
export const recoveredHours = (
  rows: ApprovedTaskFacts[],
  firm: { defaultRate: number; estimateDefaults: Record<string, number> },
): RecoveredHours => {
  const total = emptyLine();
  const byAttorney = new Map<string, HoursLine & { attorneyId: string; name: string }>();
  for (const r of rows) {
    const minutes = r.estMinutes ?? firm.estimateDefaults[r.category] ?? BUILT_IN_ESTIMATES[r.category];
    const hours = minutes / 60;
    const value = hours * (r.supervisorRate ?? firm.defaultRate);
    const cost = (r.spentMinutes / 60) * (r.assigneeCostRate ?? 0);
    const line = byAttorney.get(r.supervisorId) ?? {
      ...emptyLine(),
      attorneyId: r.supervisorId,
      name: r.supervisorName,
    };
    for (const l of [line, total]) {
      l.tasks += 1;
      l.hours += hours;
      l.value += value;
      l.cost += cost;
    }
    byAttorney.set(r.supervisorId, line);
  }
  const finish = <T extends HoursLine>(l: T): T => ({
    ...l,
    hours: round2(l.hours),
    value: round2(l.value),
    cost: round2(l.cost),
    net: round2(l.value - l.cost),
  });
  return {
    firm: finish(total),
    byAttorney: [...byAttorney.values()]
      .map(finish)
      .sort((a, b) => b.hours - a.hours || a.name.localeCompare(b.name)),
  };
};
