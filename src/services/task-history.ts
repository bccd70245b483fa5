import type { Executor } from "../../db/client.js";
import { formatLocal } from "../domain/due-time.js";
import { formatMinutes } from "../domain/durations.js";
import type { ViewItem } from "../views/view.js";
import { plural } from "../views/words.js";
import { personNames } from "./person-names.js";
import { readTaskHistory } from "./task-history-rows.js";

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

interface Entry {
  at: Date;
  /** Breaks ties between entries of one instant in the order they happen (start before submit). */
  rank: number;
  text: string;
}

const plain = (text: string | null | undefined): string => (text ? `: ${text}` : "");

const iso = (v: unknown): Date | undefined => {
  if (typeof v !== "string") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

export const taskHistory = async (
  db: Executor,
  task: { id: string; firmId: string },
  tz: string,
): Promise<ViewItem[]> => {
  const { events, rounds, decisions, questions, logged } = await readTaskHistory(db, task.id);
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
