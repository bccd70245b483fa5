import { DateTime } from "luxon";
import type { TaskStatus } from "../domain/vocabulary.js";
import { crossesMidnight, nextWorkingStart, type WorkingTime } from "../domain/working-hours.js";

/**
 * Which deadline alerts a task is owed at an instant: pure rules, so the clock, zones and DST
 * can be tested without a database. Each alert is keyed (task, kind, keyAt) in alert_ledger,
 * so it goes once; keyAt is the due time (a new due time re-arms the alerts) or, for a review
 * reminder, the submission it is about.
 */
export type AlertAudience = "assignee" | "supervisor" | "admins";

export interface PlannedAlert {
  kind: string;
  keyAt: Date;
  to: AlertAudience[];
}

export interface AlertTaskFacts {
  status: TaskStatus;
  dueAt: Date;
  createdAt: Date;
  /** The submission waiting for review (status submitted only). */
  submittedAt?: Date | undefined;
}

export interface AlertFirmFacts {
  tz: string;
  /** Minutes before the due time at which the assignee is reminded. */
  alertOffsets: number[];
}

/** Overdue alerts look back this far: an outage longer than this does not flood people with stale news. */
export const OVERDUE_LOOKBACK_MS = 7 * 86_400_000;
/** Review reminders look back this far. */
export const REVIEW_LOOKBACK_MS = 30 * 86_400_000;

const WORKABLE: readonly TaskStatus[] = ["assigned", "in_progress", "changes_requested"];
const FIRM_WEEK = ["mon", "tue", "wed", "thu", "fri"] as const;
const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export const dueSoonKind = (offsetMinutes: number): string => `due_soon_${offsetMinutes}`;

/**
 * One working day after `instant`: the same wall time on the next of `workDays` in `zone`
 * (Friday 17:00 → Monday 17:00; Saturday 10:00 → Monday 10:00). With no working days, a day.
 * With `hours` that cross midnight, workDays are the days a shift starts, and the small hours
 * belong to the shift that started the evening before: Saturday 02:00 in a Friday night shift
 * → Tuesday 02:00, in Monday's shift (not Monday 02:00, when no shift runs).
 */
export const oneWorkingDayAfter = (
  instant: Date,
  zone: string,
  workDays: readonly string[] = FIRM_WEEK,
  hours?: Pick<WorkingTime, "workStart" | "workEnd">,
): Date => {
  const local = DateTime.fromJSDate(instant, { zone });
  const inSmallHours =
    hours !== undefined && crossesMidnight(hours) && local.hour * 60 + local.minute < hours.workEnd;
  const shiftDay = inSmallHours ? local.minus({ days: 1 }) : local;
  for (let d = 1; d <= 7; d++) {
    const next = shiftDay.plus({ days: d });
    if (workDays.includes(WEEKDAY_KEYS[next.weekday - 1] ?? "")) return local.plus({ days: d }).toJSDate();
  }
  return local.plus({ days: 1 }).toJSDate();
};

export const planAlerts = (task: AlertTaskFacts, firm: AlertFirmFacts, now: Date): PlannedAlert[] => {
  const t = now.getTime();
  const due = task.dueAt.getTime();
  const plans: PlannedAlert[] = [];
  if (WORKABLE.includes(task.status)) {
    if (t < due) {
      // Only the nearest reminder whose time has come: a 24 h reminder found with 1 h left is stale.
      const started = [...new Set(firm.alertOffsets)]
        .filter((o) => o > 0 && t >= due - o * 60_000)
        .sort((a, b) => a - b);
      const nearest = started[0];
      // A task assigned inside a reminder's window was just announced with its due time.
      if (nearest !== undefined && task.createdAt.getTime() <= due - nearest * 60_000) {
        plans.push({ kind: dueSoonKind(nearest), keyAt: task.dueAt, to: ["assignee"] });
      }
    } else if (t - due <= OVERDUE_LOOKBACK_MS) {
      plans.push({ kind: "overdue", keyAt: task.dueAt, to: ["assignee", "supervisor"] });
      if (t >= oneWorkingDayAfter(task.dueAt, firm.tz).getTime()) {
        plans.push({ kind: "overdue_admins", keyAt: task.dueAt, to: ["admins"] });
      }
    }
  }
  return plans;
};

export interface AckTaskFacts {
  status: TaskStatus;
  acknowledgedAt: Date | null;
  ackAlertAt: Date | null;
  ackAdminsAt: Date | null;
}

/**
 * An assignment not acknowledged (ack, start, ask, log) within the firm's window of the
 * assignee's working time: the supervisor is told; after as much again, the admins. The instants
 * were fixed at (re)assignment (src/services/acknowledge-task.ts); each step goes once per
 * assignment, keyed by its instant. Work already submitted needs no acknowledgement.
 */
export const planAckAlerts = (task: AckTaskFacts, now: Date): PlannedAlert[] => {
  if (task.acknowledgedAt !== null || !WORKABLE.includes(task.status)) return [];
  const t = now.getTime();
  const passed = (at: Date | null): at is Date =>
    at !== null && at.getTime() <= t && t - at.getTime() <= OVERDUE_LOOKBACK_MS;
  const plans: PlannedAlert[] = [];
  if (passed(task.ackAlertAt))
    plans.push({ kind: "unacknowledged", keyAt: task.ackAlertAt, to: ["supervisor"] });
  if (passed(task.ackAdminsAt))
    plans.push({ kind: "unacknowledged_admins", keyAt: task.ackAdminsAt, to: ["admins"] });
  return plans;
};

/** Work submitted more than one working day (the supervisor's) ago and not yet reviewed. */
export const planReviewReminder = (
  task: AlertTaskFacts,
  supervisor: Pick<WorkingTime, "tz" | "workDays"> & Partial<Pick<WorkingTime, "workStart" | "workEnd">>,
  now: Date,
): PlannedAlert[] => {
  if (task.status !== "submitted" || !task.submittedAt) return [];
  const { workStart, workEnd } = supervisor;
  const hours = workStart !== undefined && workEnd !== undefined ? { workStart, workEnd } : undefined;
  const remindAt = oneWorkingDayAfter(task.submittedAt, supervisor.tz, supervisor.workDays, hours);
  if (now.getTime() < remindAt.getTime() || now.getTime() - task.submittedAt.getTime() > REVIEW_LOOKBACK_MS) {
    return [];
  }
  return [{ kind: "review_waiting", keyAt: task.submittedAt, to: ["supervisor"] }];
};

/**
 * When a reminder to a professional may be delivered: now inside their working hours, else the
 * start of their next working period, unless the deadline falls before then (a late reminder
 * is worth more than a punctual miss). Undefined: send now.
 */
export const holdUntil = (
  now: Date,
  person: WorkingTime & { role: string },
  deadline: Date,
): Date | undefined => {
  if (person.role !== "professional") return undefined;
  const start = nextWorkingStart(now, person);
  // A reminder held until the deadline itself would be no reminder at all.
  if (start.getTime() <= now.getTime() || deadline.getTime() <= start.getTime()) return undefined;
  return start;
};
