import { dayLabel } from "../domain/access.js";
import { formatMinutes } from "../domain/durations.js";
import { formatLocal } from "../domain/local-time-format.js";
import { taskRef } from "./task-view.js";

/*
 * The words an audit sentence is made of (audit-lines.ts): an event's facts, and each value its
 * detail may hold read as words — a time in the reader's zone, a day, a person by name, a reason.
 * A value of the wrong shape reads as nothing (undefined), never as `key=value` or raw JSON.
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

/** A name or number as written (a workspace id, a file, a week): letters, digits, dots and dashes. */
export const token = (v: unknown): string | undefined =>
  typeof v === "string" &&
  /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(v) &&
  !/[a-z][A-Z]/.test(v) &&
  // A raw id (a Teams tenant or user) is no word to read aloud; the trail keeps it.
  !/^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v)
    ? v
    : undefined;
export const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
export const texts = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "") : [];
export const instant = (v: unknown, tz: string): string | undefined => {
  if (typeof v !== "string") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : formatLocal(d, tz);
};
export const day = (v: unknown): string | undefined =>
  typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? dayLabel(v) : undefined;
/** A word from a fixed list (a status, a reason): underscores become spaces, anything else is dropped. */
export const word = (v: unknown): string | undefined =>
  typeof v === "string" && /^[a-z][a-z0-9_ -]*$/.test(v) ? v.replace(/_/g, " ") : undefined;
export const person = (v: unknown, r: AuditReader): string | undefined =>
  typeof v === "string" ? r.names.get(v) : undefined;

export const who = (e: AuditFacts): string => e.actor ?? "Delegate";
/** "bob", or "carol (covering for bob)". */
export const doer = (e: AuditFacts, r: AuditReader): string => {
  const cover = person(e.detail.coveredFor, r);
  return cover ? `${who(e)} (covering for ${cover})` : who(e);
};
export const theTask = (e: AuditFacts): string => (e.task !== null ? taskRef(e.task) : "a task");
export const onMatter = (e: AuditFacts): string => (e.matter ? ` on ${e.matter}` : "");
export const theMatter = (e: AuditFacts): string => (e.matter ? `matter ${e.matter}` : "a matter");
export const them = (e: AuditFacts): string => e.subject ?? "someone";
export const aside = (parts: (string | undefined | false)[]): string => {
  const shown = parts.filter((p): p is string => typeof p === "string" && p !== "");
  return shown.length > 0 ? ` (${shown.join(", ")})` : "";
};
export const round = (e: AuditFacts): string | undefined => {
  const n = num(e.detail.round);
  return n !== undefined && n > 0 ? `round ${n}` : undefined;
};
export const reviewTime = (e: AuditFacts): string | undefined => {
  const m = num(e.detail.reviewMinutes);
  return m !== undefined && m > 0 ? `review took ${formatMinutes(m)}` : undefined;
};

const PLATFORM: Readonly<Record<string, string>> = {
  slack: "a Slack workspace",
  teams: "a Teams tenant",
  console: "the console",
};
export const platform = (v: unknown): string => (typeof v === "string" && PLATFORM[v]) || "a chat workspace";

export const VIA_ACK: Readonly<Record<string, string>> = {
  ask: "by asking a question",
  log: "by logging time",
};
export const VIA_STAFF: Readonly<Record<string, string>> = {
  assign: "on being assigned work there",
  reassign: "on being reassigned work there",
};
export const ACCESS_ENDED: Readonly<Record<string, string>> = {
  unstaffed: "removed from the matter",
  reassigned: "their work there was reassigned",
  nda_expired: "their NDA expired",
  deactivated: "deactivated",
};
export const REFUSED_WHY: Readonly<Record<string, string>> = {
  inactive: "deactivated",
  nda_missing: "no NDA on file",
  nda_pending: "NDA not yet in effect",
  nda_expired: "NDA expired",
};
export const LINK_REFUSED: Readonly<Record<string, string>> = {
  unknown: "no such code",
  used: "already used",
  expired: "expired",
  revoked: "its admin no longer is one",
};
export const BROKEN: Readonly<Record<string, string>> = {
  altered: "an event was changed",
  inserted: "an event was added",
  missing: "events are missing",
  unlinked: "an event is out of the chain",
  truncated: "the latest events are missing",
};
export const EXPORT_KIND: Readonly<Record<string, string>> = {
  hours: "the hours",
  billing: "the billing lines",
  ledes: "the LEDES invoice",
};

export const ndaWords = (v: unknown): string | undefined => {
  if (typeof v !== "object" || v === null) return undefined;
  const nda = v as { signed?: unknown; expires?: unknown };
  const signed = day(nda.signed);
  if (!signed) return "no NDA on file";
  const expires = day(nda.expires);
  return `NDA signed ${signed}${expires ? `, expires ${expires}` : ", no expiry"}`;
};

export const changesWords = (e: AuditFacts, key: string): string => {
  const changes = texts(e.detail[key]);
  return changes.length > 0 ? `: ${changes.join("; ")}` : "";
};

/** What `task.listed` holds: the tasks shown, grouped by matter ({ "M-1": ["T-1", "T-2"] }). */
export const listedTasks = (
  detail: Record<string, unknown>,
): { matter: string | undefined; tasks: string[] }[] => {
  const seen = detail.tasks;
  if (typeof seen !== "object" || seen === null || Array.isArray(seen)) return [];
  return Object.entries(seen as Record<string, unknown>)
    .map(([matter, tasks]) => ({
      matter: token(matter),
      tasks: texts(tasks).filter((t) => /^T-\d+$/.test(t)),
    }))
    .filter((m) => m.tasks.length > 0);
};
