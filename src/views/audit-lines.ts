import { dayLabel } from "../domain/access.js";
import type { AuditAction } from "../domain/audit-actions.js";
import { formatMinutes } from "../domain/durations.js";
import { formatLocal } from "../domain/local-time-format.js";
import { zoneCity } from "../domain/zone-names.js";
import { taskRef } from "./task-view.js";
import { listWords, plural } from "./words.js";

/*
 * One audit event as one sentence in plain words, for `audit`, the task history and the
 * supervision packet: a managing partner reads it aloud to a client without translating it.
 * Only the facts an event's detail is known to hold are used (docs/access.md, "Audit"); anything
 * else in it is left out, never shown as `key=value`.
 */

/** An event as read from the trail, with the names of the people and things it points at. */
export interface AuditFacts {
  action: string;
  /** Who did it; null when Delegate itself did (an NDA that lapsed, a refused link code). */
  actor: string | null;
  /** The person it is about (assigned to, added, staffed…). */
  subject: string | null;
  task: number | null;
  matter: string | null;
  detail: Record<string, unknown>;
}

export interface AuditReader {
  /** The reader's zone: times are shown in it. */
  tz: string;
  /** Display names of the people whose ids the detail holds (AUDIT_PERSON_KEYS). */
  names: ReadonlyMap<string, string>;
}

/** Detail keys that hold a person's id (a cover, a previous assignee): shown by name. */
export const AUDIT_PERSON_KEYS = ["coveredFor", "coveredBy", "from"] as const;

type Render = (e: AuditFacts, r: AuditReader) => string;

/** A name or number as written (a workspace id, a file, a week): letters, digits, dots and dashes. */
const token = (v: unknown): string | undefined =>
  typeof v === "string" &&
  /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(v) &&
  !/[a-z][A-Z]/.test(v) &&
  // A raw id (a Teams tenant or user) is no word to read aloud; the trail keeps it.
  !/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v)
    ? v
    : undefined;
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const texts = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];
const instant = (v: unknown, tz: string): string | undefined => {
  if (typeof v !== "string") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : formatLocal(d, tz);
};
const day = (v: unknown): string | undefined =>
  typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dayLabel(v) : undefined;
/** A word from a fixed list (a status, a reason): underscores become spaces, anything else is dropped. */
const word = (v: unknown): string | undefined =>
  typeof v === "string" && /^[a-z][a-z0-9_ -]*$/.test(v) ? v.replace(/_/g, " ") : undefined;
const person = (v: unknown, r: AuditReader): string | undefined =>
  typeof v === "string" ? r.names.get(v) : undefined;

const who = (e: AuditFacts): string => e.actor ?? "Delegate";
/** "bob", or "carol (covering for bob)". */
const doer = (e: AuditFacts, r: AuditReader): string => {
  const cover = person(e.detail.coveredFor, r);
  return cover ? `${who(e)} (covering for ${cover})` : who(e);
};
const theTask = (e: AuditFacts): string => (e.task !== null ? taskRef(e.task) : "a task");
const onMatter = (e: AuditFacts): string => (e.matter ? ` on ${e.matter}` : "");
const theMatter = (e: AuditFacts): string => (e.matter ? `matter ${e.matter}` : "a matter");
const them = (e: AuditFacts): string => e.subject ?? "someone";
const aside = (parts: (string | undefined | false)[]): string => {
  const shown = parts.filter((p): p is string => typeof p === "string" && p !== "");
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
};
const round = (e: AuditFacts): string | undefined => {
  const n = num(e.detail.round);
  return n !== undefined && n > 0 ? `round ${n}` : undefined;
};
const reviewTime = (e: AuditFacts): string | undefined => {
  const m = num(e.detail.reviewMinutes);
  return m !== undefined && m > 0 ? `review took ${formatMinutes(m)}` : undefined;
};

const PLATFORM: Readonly<Record<string, string>> = {
  slack: "a Slack workspace",
  teams: "a Teams tenant",
  console: "the console",
};
const platform = (v: unknown): string => (typeof v === "string" && PLATFORM[v]) || "a chat workspace";

const VIA_ACK: Readonly<Record<string, string>> = {
  ask: "by asking a question",
  log: "by logging time",
};
const VIA_STAFF: Readonly<Record<string, string>> = {
  assign: "on being assigned work there",
  reassign: "on being reassigned work there",
};
const ACCESS_ENDED: Readonly<Record<string, string>> = {
  unstaffed: "removed from the matter",
  reassigned: "their work there was reassigned",
  nda_expired: "their NDA expired",
  deactivated: "deactivated",
};
const REFUSED_WHY: Readonly<Record<string, string>> = {
  inactive: "deactivated",
  nda_missing: "no NDA on file",
  nda_pending: "NDA not yet in effect",
  nda_expired: "NDA expired",
};
const LINK_REFUSED: Readonly<Record<string, string>> = {
  unknown: "no such code",
  used: "already used",
  expired: "expired",
  revoked: "its admin no longer is one",
};
const BROKEN: Readonly<Record<string, string>> = {
  altered: "an event was changed",
  inserted: "an event was added",
  missing: "events are missing",
  unlinked: "an event is out of the chain",
  truncated: "the latest events are missing",
};
const EXPORT_KIND: Readonly<Record<string, string>> = {
  hours: "the hours",
  billing: "the billing lines",
  ledes: "the LEDES invoice",
};

const ndaWords = (v: unknown): string | undefined => {
  if (typeof v !== "object" || v === null) return undefined;
  const nda = v as { signed?: unknown; expires?: unknown };
  const signed = day(nda.signed);
  if (!signed) return "no NDA on file";
  const expires = day(nda.expires);
  return `NDA signed ${signed}${expires ? `, expires ${expires}` : ", no expiry"}`;
};

const changesWords = (e: AuditFacts, key: string): string => {
  const changes = texts(e.detail[key]);
  return changes.length > 0 ? `: ${changes.join("; ")}` : "";
};

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

/** What `task.listed` holds: the tasks shown, grouped by matter ({ "M-1": ["T-1", "T-2"] }). */
const listedTasks = (detail: Record<string, unknown>): { matter: string | undefined; tasks: string[] }[] => {
  const seen = detail.tasks;
  if (typeof seen !== "object" || seen === null || Array.isArray(seen)) return [];
  return Object.entries(seen as Record<string, unknown>)
    .map(([matter, tasks]) => ({
      matter: token(matter),
      tasks: texts(tasks).filter((t) => /^T-\d+$/.test(t)),
    }))
    .filter((m) => m.tasks.length > 0);
};

const isKnown = (action: string): action is AuditAction => Object.hasOwn(AUDIT_SENTENCES, action);

/** The event as a sentence, ended with a full stop. An event type Delegate does not know is named in words. */
export const auditSentence = (e: AuditFacts, r: AuditReader): string => {
  const said = isKnown(e.action)
    ? AUDIT_SENTENCES[e.action](e, r)
    : `${who(e)}: ${e.action.replace(/[._]+/g, " ").trim() || "an event"}${e.task !== null ? `, ${taskRef(e.task)}` : ""}${e.subject ? `, about ${e.subject}` : ""}`;
  return said.endsWith(".") ? said : `${said}.`;
};
