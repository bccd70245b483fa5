import { DelegateError } from "./errors.js";
import type { Role } from "./vocabulary.js";

/**
 * Who may do what (ABA Model Rule 5.3: the firm supervises). Pure functions over the
 * few fields they need, so every adapter and service asks the same questions.
 */
export interface PersonFacts {
  id: string;
  role: Role;
  active: boolean;
}

export interface TaskFacts {
  assigneeId: string;
  supervisorId: string;
}

export const isAttorney = (p: Pick<PersonFacts, "role">): boolean =>
  p.role === "attorney" || p.role === "admin";

/**
 * Professionals see only their own tasks, on matters they are currently staffed on (need to
 * know: `matter unstaff` or a reassignment ends it); attorneys and admins see every task of the firm.
 */
export const maySeeTask = (p: PersonFacts, t: TaskFacts, staffedOnMatter: boolean): boolean =>
  isAttorney(p) || (t.assigneeId === p.id && staffedOnMatter);

/** Start, submit and log time: the assignee only. */
export const mayWork = (p: PersonFacts, t: TaskFacts): boolean => t.assigneeId === p.id;

/** Approve or request changes: the supervising attorney, or an admin. Never a professional. */
export const maySupervise = (p: PersonFacts, t: TaskFacts): boolean =>
  p.role === "admin" || (p.role === "attorney" && t.supervisorId === p.id);

export const requireRole = (p: PersonFacts, allowed: readonly Role[], what: string): void => {
  if (!allowed.includes(p.role)) {
    const who = allowed.includes("attorney") ? "attorneys and admins" : "admins";
    throw new DelegateError("forbidden", `Only ${who} can ${what}.`);
  }
};

export interface NdaFacts {
  displayName: string;
  role: Role;
  active: boolean;
  ndaSigned: string | null;
  ndaExpires: string | null;
}

/**
 * Why this person cannot be given work, or undefined when they can: an active
 * professional with a firm NDA on file that has not expired (dates as YYYY-MM-DD,
 * compared in the firm's calendar).
 */
export const assignmentBlocker = (p: NdaFacts, today: string): string | undefined => {
  if (!p.active) return `${p.displayName} is inactive and cannot be assigned work.`;
  if (p.role !== "professional")
    return `${p.displayName} is not a professional; only professionals take delegated work.`;
  if (!p.ndaSigned)
    return `${p.displayName} has no NDA on file. An admin can record it: team set @${p.displayName} nda:YYYY-MM-DD`;
  if (p.ndaSigned > today) return `${p.displayName}'s NDA only takes effect on ${p.ndaSigned}.`;
  if (p.ndaExpires && p.ndaExpires < today) {
    return `${p.displayName}'s NDA expired on ${p.ndaExpires}. An admin can renew it: team set @${p.displayName} nda-expires:YYYY-MM-DD`;
  }
  return undefined;
};
