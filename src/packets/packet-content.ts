import type { Matter, Person } from "../../db/schema.js";
import { dayLabel, restrictionWords, shutOutReason } from "../domain/access.js";
import { formatLocal } from "../domain/due-time.js";
import { formatMinutes } from "../domain/durations.js";
import { STATUS_LABEL } from "../domain/status-machine.js";
import type { StaffingEndReason } from "../domain/vocabulary.js";
import { formatWorkingHours } from "../domain/working-hours.js";
import { zoneTime } from "../domain/zone-names.js";
import { billWords, consentWords } from "../services/matter-changes.js";
import type { ChainState } from "./chain-state.js";
import { type Block, heading, item, para, subheading } from "./packet-document.js";
import type { AccessRow, GrantRow, TaskRow, TaskWork } from "./packet-queries.js";

/*
 * The words of a supervision packet, for a managing partner or a client's auditor. Times are in
 * the reader's zone; nothing here names a column. docs/supervision-review.md maps each part to
 * the duty it evidences.
 */

export interface Reader {
  tz: string;
  today: string;
}

const END_WORDS: Record<StaffingEndReason, string> = {
  unstaffed: "removed from the matter by an admin",
  reassigned: "their work on it was reassigned",
  nda_expired: "their NDA expired",
  deactivated: "they were deactivated",
};

/** `addedAt`: when the audit trail recorded them joining (the row's own time is the server's). */
export const profileBlocks = (p: Person, addedAt: Date | undefined, r: Reader): Block[] => [
  item(`Name: ${p.displayName}`),
  item(`Role: ${p.role}${p.active ? "" : " (inactive: no access)"}`),
  item(`Provider: ${p.provider ?? "not recorded"} · delivery model: ${p.delivery ?? "not recorded"}`),
  item(`Works ${formatWorkingHours(p)}, ${zoneTime(p.tz)}`),
  item(`On the firm's team since ${formatLocal(addedAt ?? p.createdAt, r.tz)}`),
];

const ndaNow = (p: Person, r: Reader): string => {
  if (p.role !== "professional") return "An NDA is required of professionals only.";
  const state = shutOutReason({ ...p, active: true }, r.today);
  const dates = `signed ${p.ndaSigned ? dayLabel(p.ndaSigned) : "—"}, expires ${p.ndaExpires ? dayLabel(p.ndaExpires) : "never"}`;
  switch (state) {
    case "nda_missing":
      return "No NDA on file: no access may be given.";
    case "nda_pending":
      return `NDA ${dates}: not yet in effect.`;
    case "nda_expired":
      return `NDA ${dates}: EXPIRED; access ended at the next midnight of the firm's calendar.`;
    default:
      return `NDA ${dates}: in force today.`;
  }
};

/** The NDA now, then every recorded change (the trail keeps the dates after each change). */
export const ndaBlocks = (
  p: Person,
  events: {
    event: { action: string; at: Date; detail: Record<string, unknown> };
    actorName: string | null;
  }[],
  r: Reader,
): Block[] => {
  const out: Block[] = [item(ndaNow(p, r))];
  for (const { event, actorName } of events) {
    const nda = event.detail.nda as { signed?: string | null; expires?: string | null } | undefined;
    const changes = Array.isArray(event.detail.changes) ? (event.detail.changes as string[]) : [];
    const ndaChanges = changes.filter(
      (c) => c.startsWith("NDA") || c === "deactivated" || c === "reactivated",
    );
    let text: string | undefined;
    if (event.action === "person.added") {
      text = `added to the team${nda ? ` with NDA signed ${nda.signed ? dayLabel(nda.signed) : "—"}, expiring ${nda.expires ? dayLabel(nda.expires) : "never"}` : ""}`;
    } else if (ndaChanges.length > 0) {
      text = ndaChanges.join("; ");
    } else if (nda) {
      text = `NDA now signed ${nda.signed ? dayLabel(nda.signed) : "—"}, expiring ${nda.expires ? dayLabel(nda.expires) : "never"}`;
    }
    if (text) out.push(item(`${formatLocal(event.at, r.tz)} · ${actorName ?? "the system"}: ${text}`, 1));
  }
  return out;
};

export const grantBlocks = (grants: GrantRow[], r: Reader): Block[] =>
  grants.length === 0
    ? [item("No access to any matter in this period.")]
    : grants.map((g) =>
        item(
          `${g.matterNumber} · ${g.matterTitle} · granted ${formatLocal(g.grant.createdAt, r.tz)}${g.grantedBy ? ` by ${g.grantedBy}` : ""} · ${
            g.grant.removedAt
              ? `ended ${formatLocal(g.grant.removedAt, r.tz)}${g.removedBy ? ` by ${g.removedBy}` : ""} (${
                  END_WORDS[g.grant.removedReason as StaffingEndReason] ?? g.grant.removedReason
                })`
              : "still in force"
          }`,
        ),
      );

/** Every task with this person's rounds, the reviews of them, their time and questions. */
export const taskBlocks = (rows: TaskRow[], work: TaskWork, personId: string, r: Reader): Block[] => {
  if (rows.length === 0) return [item("No tasks in this period.")];
  const out: Block[] = [];
  let total = 0;
  for (const { task: t, matterNumber, supervisorName, holderName } of rows) {
    out.push(subheading(`T-${t.number} · ${matterNumber} · ${t.title}`));
    out.push(
      item(
        `${t.category.replace(/_/g, " ")} · ${STATUS_LABEL[t.status].toLowerCase()} · supervised by ${supervisorName} · assigned ${formatLocal(t.createdAt, r.tz)} · due ${formatLocal(t.dueAt, r.tz)}${
          t.assigneeId === personId ? "" : ` · now held by ${holderName}`
        }`,
      ),
    );
    if (t.instructions) out.push(item(`Instructions: ${t.instructions}`, 1));
    const events = [
      ...work.rounds
        .filter((s) => s.taskId === t.id)
        .map((s) => ({
          at: s.submittedAt,
          text: `Round ${s.round} submitted${s.spentMinutes ? ` with ${formatMinutes(s.spentMinutes)}` : ""}${s.notes ? `: ${s.notes}` : ""}`,
        })),
      ...work.decisions
        .filter((d) => d.review.taskId === t.id)
        .map(({ review: v, reviewerName }) => ({
          at: v.decidedAt,
          text: `Round ${v.round} ${v.decision === "approved" ? "APPROVED" : "sent back for changes"} by ${reviewerName}${
            v.reason && v.decision !== "approved" ? ` (${v.reason.replace(/_/g, " ")})` : ""
          }${v.reviewMinutes ? `, review ${formatMinutes(v.reviewMinutes)}` : ""}${v.comment ? `: ${v.comment}` : ""}`,
        })),
      ...work.time
        .filter((e) => e.taskId === t.id)
        .map((e) => {
          total += e.minutes;
          return {
            at: e.loggedAt,
            text: `Time logged: ${formatMinutes(e.minutes)} (round ${e.round})${e.note ? `: ${e.note}` : ""}`,
          };
        }),
      ...work.questions
        .filter((q) => q.question.taskId === t.id)
        .map((q) => ({
          at: q.question.askedAt,
          text: `Question from ${q.askedBy}${q.askedTo ? ` to ${q.askedTo}` : ""}: ${q.question.text}`,
        })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    for (const e of events) out.push(item(`${formatLocal(e.at, r.tz)} · ${e.text}`, 1));
    if (events.length === 0) out.push(item("No submission or time logged by them on it.", 1));
  }
  out.push(para(`Time logged by them on these tasks: ${formatMinutes(total)}.`));
  return out;
};

const accessWords = (a: AccessRow): string => {
  const d = a.event.detail;
  const what = a.taskNumber
    ? `T-${a.taskNumber}`
    : typeof d.task === "string"
      ? d.task
      : a.matterNumber
        ? `matter ${a.matterNumber}`
        : typeof d.matter === "string"
          ? `matter ${d.matter}`
          : undefined;
  const via = typeof d.via === "string" ? d.via : "a command";
  if (a.event.action === "access.refused") {
    const why =
      d.reason === "nda_expired"
        ? "NDA expired"
        : d.reason === "inactive"
          ? "deactivated"
          : d.reason === "nda_missing" || d.reason === "nda_pending"
            ? "no NDA in force"
            : "not theirs to see";
    return `REFUSED ${via}${what ? ` of ${what}` : ""} (${why})`;
  }
  return `read ${what ?? "?"} (${via})`;
};

/** A `list`: the tasks it showed, by matter (only `onMatter`'s in a matter's packet). */
const listedWords = (a: AccessRow, onMatter: string | undefined): string => {
  const d = a.event.detail;
  const byMatter =
    typeof d.tasks === "object" && d.tasks !== null && !Array.isArray(d.tasks)
      ? Object.entries(d.tasks as Record<string, unknown>)
      : [];
  const shown = byMatter
    .filter(([m]) => onMatter === undefined || m === onMatter)
    .map(([m, refs]) => `${(Array.isArray(refs) ? refs : []).join(", ")} on ${m}`);
  const scope = typeof d.scope === "string" ? ` ${d.scope}` : "";
  return `listed ${shown.length > 0 ? shown.join("; ") : "no task"} (list${scope})`;
};

/** A `matter list`: the matters it showed (only `onMatter` in a matter's packet). */
const listedMatters = (a: AccessRow, onMatter: string | undefined): string => {
  const all = Array.isArray(a.event.detail.matters) ? a.event.detail.matters.map(String) : [];
  const shown = onMatter === undefined ? all : all.filter((m) => m === onMatter);
  return `listed ${shown.length > 0 ? `matter ${shown.join(", ")}` : "no matter"} (matter list)`;
};

export const readBlocks = (rows: AccessRow[], r: Reader, onMatter?: string): Block[] => {
  const reads = rows.filter((a) => a.event.action !== "access.refused");
  return reads.length === 0
    ? [item("No reads recorded in this period.")]
    : reads.map((a) =>
        item(
          `${formatLocal(a.event.at, r.tz)} · ${
            a.event.action === "task.listed"
              ? listedWords(a, onMatter)
              : a.event.action === "matter.listed"
                ? listedMatters(a, onMatter)
                : accessWords(a)
          }`,
        ),
      );
};

export const refusalBlocks = (rows: AccessRow[], r: Reader): Block[] => {
  const refused = rows.filter((a) => a.event.action === "access.refused");
  return refused.length === 0
    ? [item("No refused attempts in this period.")]
    : refused.map((a) => item(`${formatLocal(a.event.at, r.tz)} · ${accessWords(a)}`));
};

export const matterBlocks = (
  m: Matter,
  requireConsent: boolean,
  events: {
    event: { action: string; at: Date; detail: Record<string, unknown> };
    actorName: string | null;
  }[],
  r: Reader,
): Block[] => [
  item(`Title: ${m.title}`),
  item(`Client: ${m.client ?? "not recorded"} · practice area: ${m.area ?? "not recorded"}`),
  item(`Who may work on it: ${restrictionWords(m.allowedDelivery)}`),
  item(
    `Client consent to outsourcing: ${consentWords(m)}${requireConsent ? " (the firm requires it before professionals get access)" : ""}`,
  ),
  item(`Billing: ${billWords(m.billMode)}`),
  ...events.map(({ event, actorName }) =>
    item(
      `${formatLocal(event.at, r.tz)} · ${actorName ?? "the system"}: ${
        event.action === "matter.created"
          ? "opened the matter"
          : Array.isArray(event.detail.changes)
            ? (event.detail.changes as string[]).join("; ")
            : "changed the matter"
      }`,
      1,
    ),
  ),
];

export const chainBlocks = (c: ChainState): Block[] => [
  para(`When this packet was made: ${c.lines.join(" ")}`),
  ...(c.head
    ? [
        para(
          `Full hash of the chain's head (#${c.head.seq}): ${c.head.hash}. A trail rewritten after this packet would not end in this head; 'audit verify' recomputes the chain.`,
        ),
      ]
    : []),
  para("This packet's SHA-256 is recorded in the audit trail as the event that follows."),
];

export const introBlocks = (): Block[] => [
  heading("What this packet shows"),
  para(
    "Who had access to what and when, what they read, what they produced and how it was reviewed, as recorded by Delegate's append-only audit trail (ABA Model Rule 5.3; ABA Formal Opinion 08-451). It contains client-confidential information: handle it as such.",
  ),
];
