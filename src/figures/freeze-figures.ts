import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import {
  approvedFigures,
  approvedTime,
  type Firm,
  matters,
  people,
  reviews,
  submissions,
  type Task,
  timeEntries,
} from "../../db/schema.js";
import { estimateFor } from "../domain/recovered-hours.js";
import { ACTIVITY_CODES, utbmsTaskCode } from "../domain/utbms.js";

/**
 * Freezes an approved task's figures, in the approval's own transaction (after its review row is
 * written): hours saved, review time, the value rate, the matter's billing mode, the currency,
 * the committed due time and whether the approved submission met it, rounds and rework reasons,
 * UTBMS codes, and each logger's minutes, rates and provider. From then on every figure of the
 * task is read from here (docs/figures.md).
 */
export const freezeApprovedFigures = async (
  tx: Executor,
  firm: Firm,
  task: Task,
  approvedAt: Date,
): Promise<void> => {
  const [facts] = await tx
    .select({
      billMode: matters.billMode,
      supervisorRate: sql<
        number | null
      >`(select ${people.rate} from ${people} where ${people.id} = ${task.supervisorId})`,
      assigneeProvider: sql<
        string | null
      >`(select ${people.provider} from ${people} where ${people.id} = ${task.assigneeId})`,
      reviewMinutes: sql<number>`(select coalesce(sum(${reviews.reviewMinutes}), 0)::int from ${reviews} where ${reviews.taskId} = ${task.id})`,
      submittedAt: sql<Date | string | null>`(select ${submissions.submittedAt} from ${submissions}
        where ${submissions.taskId} = ${task.id} and ${submissions.round} = ${task.round})`,
    })
    .from(matters)
    .where(eq(matters.id, task.matterId));
  if (!facts) throw new Error("approved task has no matter");
  const rework = await tx
    .select({ reason: reviews.reason, n: sql<number>`count(*)::int` })
    .from(reviews)
    .where(and(eq(reviews.taskId, task.id), eq(reviews.decision, "changes_requested")))
    .groupBy(reviews.reason);
  const loggers = await tx
    .select({
      personId: timeEntries.personId,
      minutes: sql<number>`sum(${timeEntries.minutes})::int`,
      role: people.role,
      provider: people.provider,
      costRate: people.costRate,
      billRate: people.billRate,
    })
    .from(timeEntries)
    .innerJoin(people, eq(people.id, timeEntries.personId))
    .where(eq(timeEntries.taskId, task.id))
    .groupBy(timeEntries.personId, people.role, people.provider, people.costRate, people.billRate);

  const committedDueAt = task.committedDueAt ?? task.dueAt;
  const submittedAt = facts.submittedAt ? new Date(facts.submittedAt) : approvedAt;
  const supervisorRate = facts.supervisorRate === null ? null : Number(facts.supervisorRate);
  await tx.insert(approvedFigures).values({
    taskId: task.id,
    firmId: firm.id,
    approvedAt,
    matterId: task.matterId,
    category: task.category,
    supervisorId: task.supervisorId,
    assigneeId: task.assigneeId,
    assigneeProvider: facts.assigneeProvider,
    assignedAt: task.createdAt,
    savedMinutes: estimateFor(firm, task.category, task.estMinutes),
    reviewMinutes: Number(facts.reviewMinutes),
    valueRate: supervisorRate ?? firm.defaultRate,
    valueRateIsFirmDefault: supervisorRate === null,
    billMode: facts.billMode,
    currency: firm.currency,
    committedDueAt,
    submittedAt,
    onTime: submittedAt.getTime() <= committedDueAt.getTime(),
    rounds: Math.max(1, task.round),
    reworkReasons: Object.fromEntries(rework.map((r) => [r.reason ?? "other", Number(r.n)])),
    utbmsTask: utbmsTaskCode(firm, task.category),
    utbmsActivity: ACTIVITY_CODES[task.category],
  });
  const time = loggers.filter((l) => Number(l.minutes) > 0);
  if (time.length > 0) {
    await tx.insert(approvedTime).values(
      time.map((l) => ({
        taskId: task.id,
        personId: l.personId,
        role: l.role,
        provider: l.provider,
        minutes: Number(l.minutes),
        costRate: l.costRate,
        billRate: l.billRate,
      })),
    );
  }
};
