import type { AuditAction } from "../domain/audit-actions.js";
import { formatMinutes } from "../domain/durations.js";
import { zoneCity } from "../domain/zone-names.js";
import {
  ACCESS_ENDED,
  type AuditFacts,
  type AuditReader,
  aside,
  BROKEN,
  changesWords,
  day,
  doer,
  EXPORT_KIND,
  instant,
  LINK_REFUSED,
  listedTasks,
  ndaWords,
  num,
  onMatter,
  person,
  platform,
  REFUSED_WHY,
  reviewTime,
  round,
  texts,
  theMatter,
  them,
  theTask,
  token,
  VIA_ACK,
  VIA_STAFF,
  who,
  word,
} from "./audit-words.js";
import { taskRef } from "./task-view.js";
import { listWords, plural } from "./words.js";

/*
 * One audit event as one sentence in plain words, for `audit`, the task history and the
 * supervision packet: a managing partner reads it aloud to a client without translating it.
 * Only the facts an event's detail is known to hold are used (docs/access.md, "Audit"); anything
 * else in it is left out, never shown as `key=value`.
 */

/** Detail keys that hold a person's id (a cover, a previous assignee): shown by name. */
export const AUDIT_PERSON_KEYS = ["coveredFor", "coveredBy", "from"] as const;

type Render = (e: AuditFacts, r: AuditReader) => string;

/** One sentence per event type: the compiler refuses a type without one. */
export const AUDIT_SENTENCES: Readonly<Record<AuditAction, Render>> = {
  "firm.created": (e) => {
    const city = typeof e.detail.tz === "string" ? zoneCity(e.detail.tz) : undefined;
    return `${who(e)} set up the firm${city && !/[a-z][A-Z_]/.test(city) ? `, on ${city} time` : ""}`;
  },
  "firm.updated": (e) => `${who(e)} changed the firm's settings${changesWords(e, "changed")}`,
  "firm.holiday_added": (e) => `${who(e)} made ${day(e.detail.day) ?? "a day"} a firm holiday`,
  "firm.holiday_removed": (e) => `${who(e)} removed the firm holiday of ${day(e.detail.day) ?? "a day"}`,
  "workspace.bound": (e) =>
    `${who(e)} connected ${platform(e.detail.platform)} to the firm${e.detail.via === "link" ? " with a link code" : ""}`,
  "digest.channel_set": (e) =>
    `${who(e)} chose where the weekly digest is posted, in ${platform(e.detail.platform)}`,
  "link.code_created": (e) => `${who(e)} made a code to link another workspace`,
  "link.refused": (e) => {
    const why = (typeof e.detail.reason === "string" && LINK_REFUSED[e.detail.reason]) || "refused";
    const from = platform(e.detail.platform);
    const workspace = token(e.detail.workspace);
    const user = token(e.detail.user);
    return `A link code${e.subject ? ` made by ${e.subject}` : ""} was refused (${why}), tried from ${from}${workspace ? ` ${workspace}` : ""}${user ? ` by user ${user}` : ""}`;
  },
  "person.added": (e) =>
    `${who(e)} added ${them(e)}${word(e.detail.role) ? ` as ${word(e.detail.role)}` : ""}${aside([ndaWords(e.detail.nda)])}`,
  "person.identity_linked": (e) =>
    `${who(e)} linked ${them(e)}'s account in ${platform(e.detail.platform)} (same e-mail)`,
  "person.updated": (e) => `${who(e)} updated ${them(e)}${changesWords(e, "changes")}`,
  "person.deactivated": (e) => {
    const rest = texts(e.detail.changes).filter((c) => c !== "deactivated");
    return `${who(e)} deactivated ${them(e)}${rest.length > 0 ? `; also ${rest.join("; ")}` : ""}`;
  },
  "person.away": (e, r) => {
    const until = day(e.detail.until);
    const cover = person(e.detail.coveredBy, r);
    return `${who(e)} marked ${them(e)} away${until ? ` until ${until}` : ""}${cover ? `, covered by ${cover}` : ""}`;
  },
  "person.back": (e) => `${who(e)} marked ${them(e)} back`,
  "matter.created": (e) => `${who(e)} opened ${theMatter(e)}`,
  "matter.updated": (e) => `${who(e)} updated ${theMatter(e)}${changesWords(e, "changes")}`,
  "matter.staffed": (e) => {
    const via = typeof e.detail.via === "string" ? VIA_STAFF[e.detail.via] : undefined;
    return `${who(e)} staffed ${them(e)} on ${theMatter(e)}${via ? `, ${via}` : ""}`;
  },
  "matter.unstaffed": (e, r) => {
    const why = typeof e.detail.reason === "string" ? ACCESS_ENDED[e.detail.reason] : undefined;
    const since = instant(e.detail.accessEndedAt, r.tz);
    const ended = `${them(e)}'s access to ${theMatter(e)} ended`;
    const how = e.actor ? `${e.actor} ended ${them(e)}'s access to ${theMatter(e)}` : ended;
    return `${how}${aside([why, since ? `as of ${since}` : undefined])}`;
  },
  "matter.viewed": (e) =>
    `${who(e)} read ${theMatter(e)}${e.detail.via === "list" ? " in their matter list" : ""}`,
  "matter.listed": (e) => {
    const shown = texts(e.detail.matters).filter((m) => token(m) !== undefined);
    return shown.length === 0
      ? `${who(e)} listed their matters; none were shown`
      : `${who(e)} listed their matters: ${listWords(shown)}`;
  },
  "task.assigned": (e, r) => {
    const due = instant(e.detail.dueAt, r.tz);
    const court = day(e.detail.courtDeadline);
    const days = num(e.detail.reviewDays);
    return `${who(e)} assigned ${theTask(e)}${onMatter(e)} to ${them(e)}${due ? `, due ${due}` : ""}${
      court
        ? ` (${days !== undefined ? `${plural(days, "court day")} before ` : ""}the court's deadline of ${court})`
        : ""
    }`;
  },
  "task.in_progress": (e) =>
    `${who(e)} ${e.detail.from === "changes_requested" ? "resumed" : "started"} work on ${theTask(e)}`,
  "task.submitted": (e) => {
    const spent = num(e.detail.spentMinutes);
    return `${who(e)} submitted ${theTask(e)} for review${aside([round(e), spent ? `${formatMinutes(spent)} worked` : undefined])}`;
  },
  "task.changes_requested": (e, r) =>
    `${doer(e, r)} asked for changes to ${theTask(e)}${aside([
      round(e),
      word(e.detail.reason) ? `reason: ${word(e.detail.reason)}` : undefined,
      reviewTime(e),
    ])}`,
  "task.approved": (e, r) => `${doer(e, r)} approved ${theTask(e)}${aside([round(e), reviewTime(e)])}`,
  "task.cancelled": (e, r) =>
    `${doer(e, r)} cancelled ${theTask(e)}${e.detail.hasReason === true ? ", giving a reason" : ""}`,
  "task.reassigned": (e, r) => {
    const from = person(e.detail.from, r);
    return `${doer(e, r)} reassigned ${theTask(e)}${from ? ` from ${from}` : ""} to ${them(e)}`;
  },
  "task.acknowledged": (e) => {
    const via = typeof e.detail.via === "string" ? VIA_ACK[e.detail.via] : undefined;
    return `${who(e)} acknowledged ${theTask(e)}${via ? ` ${via}` : ""}`;
  },
  "task.due_changed": (e, r) => {
    const [from, to] = [instant(e.detail.from, r.tz), instant(e.detail.to, r.tz)];
    const missed = instant(e.detail.committedDue, r.tz);
    return `${doer(e, r)} moved the due time of ${theTask(e)}${from ? ` from ${from}` : ""}${to ? ` to ${to}` : ""}${
      missed ? ` (the due time ${missed} had passed)` : ""
    }`;
  },
  // How the task came to be read (docs/access.md): typed, redrawn after a click, a card refreshing itself.
  "task.viewed": (e) =>
    `${who(e)} read ${theTask(e)}${e.detail.via === "click" ? " (redrawn after a button)" : e.detail.via === "refresh" ? " (its card refreshed itself)" : ""}`,
  "task.listed": (e) => {
    const seen = listedTasks(e.detail);
    const scope = word(e.detail.scope);
    const list = scope ? `list ${scope}` : "list";
    if (seen.length === 0) return `${who(e)} listed their tasks (${list}); none were shown`;
    const byMatter = seen.map(({ matter, tasks }) => `${listWords(tasks)}${matter ? ` on ${matter}` : ""}`);
    const n = seen.reduce((sum, m) => sum + m.tasks.length, 0);
    return `${who(e)} listed ${plural(n, "task")} (${list}): ${byMatter.join("; ")}`;
  },
  "task.time_logged": (e) => {
    const m = num(e.detail.minutes);
    return `${who(e)} logged ${m !== undefined ? formatMinutes(m) : "time"} on ${theTask(e)}${
      e.detail.formerAssignee === true ? ", after it was reassigned" : ""
    }`;
  },
  "task.question_asked": (e, r) => `${doer(e, r)} asked ${them(e)} a question about ${theTask(e)}`,
  "access.refused": (e) => {
    const via = word(e.detail.via);
    const what =
      e.task !== null ? taskRef(e.task) : (token(e.detail.task) ?? token(e.detail.matter) ?? e.matter);
    const reason = typeof e.detail.reason === "string" ? REFUSED_WHY[e.detail.reason] : undefined;
    const tried = [via, what].filter(Boolean).join(" ");
    return `${who(e)} was refused${tried ? `: ${tried}` : ""} (${reason ?? "not theirs to see"})`;
  },
  "audit.verified": (e) => {
    const events = num(e.detail.events);
    const counted = events !== undefined ? plural(events, "event") : "the events";
    if (e.detail.intact === true) return `${who(e)} checked the audit trail: ${counted}, intact`;
    const at = num(e.detail.seq);
    const why = typeof e.detail.problem === "string" ? BROKEN[e.detail.problem] : undefined;
    return `${who(e)} checked the audit trail: ${counted}, broken${at ? ` at event #${at}` : ""}${why ? ` (${why})` : ""}`;
  },
  "packet.created": (e) => {
    const since = day(e.detail.since);
    const until = day(e.detail.until);
    const about = e.subject ?? (e.matter ? `matter ${e.matter}` : undefined);
    const file = token(e.detail.file);
    return `${who(e)} made a supervision packet${about ? ` on ${about}` : ""}${since ? ` from ${since}` : ""}${until ? ` to ${until}` : ""}${file ? `, file ${file}` : ""}`;
  },
  "export.created": (e) => {
    const kind = (typeof e.detail.kind === "string" && EXPORT_KIND[e.detail.kind]) || "figures";
    const period = token(e.detail.period);
    const n = num(e.detail.tasks);
    const file = token(e.detail.file);
    return `${who(e)} exported ${kind}${period ? ` for ${period}` : ""}${aside([n !== undefined ? plural(n, "task") : undefined, file ? `file ${file}` : undefined])}`;
  },
};

const isKnown = (action: string): action is AuditAction => Object.hasOwn(AUDIT_SENTENCES, action);

/** The event as a sentence, ended with a full stop. An event type Delegate does not know is named in words. */
export const auditSentence = (e: AuditFacts, r: AuditReader): string => {
  const said = isKnown(e.action)
    ? AUDIT_SENTENCES[e.action](e, r)
    : `${who(e)}: ${e.action.replace(/[._]+/g, " ").trim() || "an event"}${e.task !== null ? `, ${taskRef(e.task)}` : ""}${e.subject ? `, about ${e.subject}` : ""}`;
  return said.endsWith(".") ? said : `${said}.`;
};
