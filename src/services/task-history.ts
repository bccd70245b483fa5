import { type AnyColumn, eq, getTableName, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "../../db/client.js";
import { preparedPerHandle } from "../../db/prepared.js";
import {
  auditEvents,
  people,
  reviews,
  submissions,
  taskQuestions,
  tasks,
  timeEntries,
} from "../../db/schema.js";
import { formatLocal } from "../domain/due-time.js";
import { formatMinutes } from "../domain/durations.js";
import type { ViewItem } from "../views/view.js";
import { plural } from "../views/words.js";
import { personNames } from "./person-names.js";

/*
 * A task's whole history, as `show` gives it to anyone who may see the task: who assigned it,
 * acknowledged, started, asked, logged time, submitted (with notes and time), reviewed (with
 * comment, reason, reviewer, review time and whom a cover decided for), reassigned it, moved its
 * due time or cancelled it — oldest first, times in the reader's zone. It is read from the rows
 * each step wrote (submissions, reviews, questions, time entries) and from the audit trail for
 * the steps that have no table of their own.
 */

/** The latest entries shown; older ones are summarised in one line. */
export const HISTORY_LIMIT = 40;

const HISTORY_ACTIONS = [
  "task.assigned",
  "task.reassigned",
  "task.acknowledged",
  "task.in_progress",
  "task.due_changed",
  "task.cancelled",
];

interface Entry {
  at: Date;
  /** Breaks ties between entries of one instant in the order they happen (start before submit). */
  rank: number;
  text: string;
}

const actor = alias(people, "actor");
const subject = alias(people, "subject");
const other = alias(people, "other");

const plain = (text: string | null | undefined): string => (text ? `: ${text}` : "");

const iso = (v: unknown): Date | undefined => {
  if (typeof v !== "string") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** `people` under one of the aliases above, in raw SQL's from clause (where an alias renders as its name only). */
const peopleAs = (as: typeof actor | typeof subject | typeof other) =>
  sql`${people} ${sql.identifier(getTableName(as))}`;

/** An instant as epoch milliseconds: a number in JSON, read the same from either engine. */
const epochMs = (at: AnyColumn) => sql`floor(extract(epoch from ${at}) * 1000)::float8`;

/**
 * The rows `from` selects, as a JSON array of objects with these fields (in `order`, if given). The
 * field names are the code's own and written into the statement, so they must be plain words.
 */
const jsonRows = (fields: Record<string, SQL | AnyColumn>, from: SQL, order?: AnyColumn) => {
  const pairs = sql.join(
    Object.entries(fields).map(([key, value]) => {
      if (!/^[a-zA-Z]+$/.test(key)) throw new Error(`not a field name: ${key}`);
      return sql`${sql.raw(`'${key}'`)}, ${value}`;
    }),
    sql`, `,
  );
  return sql`(select coalesce(json_agg(json_build_object(${pairs})${order ? sql` order by ${order}` : sql``}), '[]') ${from})`;
};

/**
 * A task's whole history in one statement instead of five (docs/performance.md, "A task's
 * history in one statement"): each kind of entry a JSON array of what its lines show, with the names.
 */
const historyQuery = preparedPerHandle((db) =>
  db
    .select({
      events: jsonRows(
        {
          at: epochMs(auditEvents.at),
          action: auditEvents.action,
          detail: auditEvents.detail,
          actor: actor.displayName,
          subject: subject.displayName,
        },
        sql`from ${auditEvents}
      left join ${peopleAs(actor)} on ${actor.id} = ${auditEvents.actorId}
      left join ${peopleAs(subject)} on ${subject.id} = ${auditEvents.subjectId}
      where ${auditEvents.taskId} = ${tasks.id} and ${inArray(auditEvents.action, HISTORY_ACTIONS)}`,
        auditEvents.id,
      ),
      rounds: jsonRows(
        {
          submittedBy: submissions.submittedBy,
          at: epochMs(submissions.submittedAt),
          spentMinutes: submissions.spentMinutes,
          round: submissions.round,
          notes: submissions.notes,
          by: actor.displayName,
        },
        sql`from ${submissions} join ${peopleAs(actor)} on ${actor.id} = ${submissions.submittedBy}
      where ${submissions.taskId} = ${tasks.id}`,
      ),
      decisions: jsonRows(
        {
          at: epochMs(reviews.decidedAt),
          decision: reviews.decision,
          round: reviews.round,
          reason: reviews.reason,
          reviewMinutes: reviews.reviewMinutes,
          comment: reviews.comment,
          by: actor.displayName,
          coveredFor: other.displayName,
        },
        sql`from ${reviews} join ${peopleAs(actor)} on ${actor.id} = ${reviews.reviewerId}
      left join ${peopleAs(other)} on ${other.id} = ${reviews.coveredFor}
      where ${reviews.taskId} = ${tasks.id}`,
      ),
      questions: jsonRows(
        {
          at: epochMs(taskQuestions.askedAt),
          text: taskQuestions.text,
          by: actor.displayName,
          to: other.displayName,
        },
        sql`from ${taskQuestions} join ${peopleAs(actor)} on ${actor.id} = ${taskQuestions.askedBy}
      left join ${peopleAs(other)} on ${other.id} = ${taskQuestions.askedTo}
      where ${taskQuestions.taskId} = ${tasks.id}`,
      ),
      logged: jsonRows(
        {
          personId: timeEntries.personId,
          at: epochMs(timeEntries.loggedAt),
          minutes: timeEntries.minutes,
          note: timeEntries.note,
          by: actor.displayName,
        },
        sql`from ${timeEntries} join ${peopleAs(actor)} on ${actor.id} = ${timeEntries.personId}
      where ${timeEntries.taskId} = ${tasks.id}`,
      ),
    })
    .from(tasks)
    .where(eq(tasks.id, sql.placeholder("taskId")))
    .prepare("task_history"),
);

const instant = z.number().transform((ms) => new Date(ms));
const name = z.string().nullable();
const count = z.number().int().nullable();
/** JSON as the engine hands it: postgres.js parses json columns, PGlite may too; text is parsed here. */
const jsonArray = <T extends z.ZodType>(row: T) =>
  z.preprocess((v) => (typeof v === "string" ? JSON.parse(v) : v), z.array(row));
const historyRow = z.object({
  events: jsonArray(
    z.object({
      at: instant,
      action: z.string(),
      detail: z.record(z.string(), z.unknown()),
      actor: name,
      subject: name,
    }),
  ),
  rounds: jsonArray(
    z.object({
      submittedBy: z.string(),
      at: instant,
      spentMinutes: count,
      round: z.number().int(),
      notes: name,
      by: z.string(),
    }),
  ),
  decisions: jsonArray(
    z.object({
      at: instant,
      decision: z.string(),
      round: z.number().int(),
      reason: name,
      reviewMinutes: count,
      comment: name,
      by: z.string(),
      coveredFor: name,
    }),
  ),
  questions: jsonArray(z.object({ at: instant, text: z.string(), by: z.string(), to: name })),
  logged: jsonArray(
    z.object({ personId: z.string(), at: instant, minutes: z.number().int(), note: name, by: z.string() }),
  ),
});

export const taskHistory = async (
  db: Executor,
  task: { id: string; firmId: string },
  tz: string,
): Promise<ViewItem[]> => {
  const [raw] = await historyQuery(db).execute({ taskId: task.id });
  if (!raw) throw new Error("the task whose history was asked for is gone");
  const { events, rounds, decisions, questions, logged } = historyRow.parse(raw);
  const names = await personNames(
    db,
    task.firmId,
    events.flatMap((e) => [e.detail.from, e.detail.coveredFor]),
  );
  const entries: Entry[] = [];
  // Whoever held the task before each reassignment (older events carry no `from`).
  let holder: string | undefined;
  for (const e of events) {
    const [by, to] = [e.actor, e.subject];
    const who = by ?? "someone";
    const cover = typeof e.detail.coveredFor === "string" ? names.get(e.detail.coveredFor) : undefined;
    const doer = cover ? `${who} (covering for ${cover})` : who;
    const at = e.at;
    switch (e.action) {
      case "task.assigned": {
        const due = iso(e.detail.dueAt);
        entries.push({
          at,
          rank: 0,
          text: `${who} assigned it to ${to ?? "?"}${due ? `, due ${formatLocal(due, tz)}` : ""}`,
        });
        holder = to ?? undefined;
        break;
      }
      case "task.reassigned": {
        const from = typeof e.detail.from === "string" ? names.get(e.detail.from) : holder;
        entries.push({
          at,
          rank: 1,
          text: `${doer} reassigned it${from ? ` from ${from}` : ""} to ${to ?? "?"}`,
        });
        holder = to ?? undefined;
        break;
      }
      case "task.acknowledged":
        // A question or a time log acknowledges too; that entry already says so.
        if (e.detail.via === "ack") entries.push({ at, rank: 2, text: `${who} acknowledged it` });
        break;
      case "task.due_changed": {
        const [from, until] = [iso(e.detail.from), iso(e.detail.to)];
        entries.push({
          at,
          rank: 3,
          text: `${doer} moved the due time${from ? ` from ${formatLocal(from, tz)}` : ""}${until ? ` to ${formatLocal(until, tz)}` : ""}`,
        });
        break;
      }
      case "task.in_progress":
        entries.push({
          at,
          rank: 4,
          text: `${who} ${e.detail.from === "changes_requested" ? "resumed" : "started"} work`,
        });
        break;
      case "task.cancelled":
        entries.push({ at, rank: 9, text: `${doer} cancelled it` });
        break;
    }
  }
  // A submission's time is shown with its round; `log` entries on their own.
  const withRound = new Set(rounds.map((s) => `${s.submittedBy}|${s.at.getTime()}|${s.spentMinutes}`));
  for (const t of logged) {
    if (withRound.has(`${t.personId}|${t.at.getTime()}|${t.minutes}`)) continue;
    entries.push({
      at: t.at,
      rank: 5,
      text: `${t.by} logged ${formatMinutes(t.minutes)}${plain(t.note)}`,
    });
  }
  for (const q of questions) {
    entries.push({ at: q.at, rank: 6, text: `${q.by} asked ${q.to ?? "?"}${plain(q.text)}` });
  }
  for (const s of rounds) {
    const spent = s.spentMinutes ? ` (${formatMinutes(s.spentMinutes)} worked)` : "";
    entries.push({
      at: s.at,
      rank: 7,
      text: `${s.by} submitted round ${s.round}${spent}${plain(s.notes)}`,
    });
  }
  for (const r of decisions) {
    const who = r.coveredFor ? `${r.by} (covering for ${r.coveredFor})` : r.by;
    const facts = [
      r.reason ? r.reason.replace(/_/g, " ") : undefined,
      r.reviewMinutes ? `review ${formatMinutes(r.reviewMinutes)}` : undefined,
    ].filter(Boolean);
    const what =
      r.decision === "approved" ? `approved round ${r.round}` : `requested changes on round ${r.round}`;
    entries.push({
      at: r.at,
      rank: 8,
      text: `${who} ${what}${facts.length ? ` (${facts.join("; ")})` : ""}${plain(r.comment)}`,
    });
  }
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank);
  const shown = entries.slice(-HISTORY_LIMIT);
  const left = entries.length - shown.length;
  return [
    ...(left > 0 ? [{ text: `(${plural(left, "earlier entry", "earlier entries")} not shown)` }] : []),
    ...shown.map((e) => ({ text: `${formatLocal(e.at, tz)} · ${e.text}` })),
  ];
};
