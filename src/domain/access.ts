import { DateTime } from "luxon";
import type { DeliveryModel, DropReason, Role } from "./vocabulary.js";
import { isoDateIn } from "./zone-clock.js";

/*
 * Access rules (ABA Model Rule 5.3, ABA Formal Opinion 08-451): pure functions over the few facts
 * they need, so the dispatcher, the services, the delivery query and the jobs agree. The same
 * rules in SQL live in src/notify/delivery-check.ts; docs/access.md explains them.
 *
 * Dates are calendar days (YYYY-MM-DD) of the firm's zone. An NDA is in force from the day it was
 * signed through its expiry date; access ends at the first instant of the day after.
 */

export interface NdaFacts {
  role: Role;
  active: boolean;
  ndaSigned: string | null;
  ndaExpires: string | null;
}

/** Why a person may not use the firm's Delegate at all right now. */
export type ShutOutReason = "inactive" | "nda_missing" | "nda_pending" | "nda_expired";

/**
 * Inactive people are shut out whatever their role; professionals also while no firm NDA is in
 * force (none on file, not yet in effect, or expired). Undefined: they may come in.
 */
export const shutOutReason = (p: NdaFacts, today: string): ShutOutReason | undefined => {
  if (!p.active) return "inactive";
  if (p.role !== "professional") return undefined;
  if (!p.ndaSigned) return "nda_missing";
  if (p.ndaSigned > today) return "nda_pending";
  if (p.ndaExpires && p.ndaExpires < today) return "nda_expired";
  return undefined;
};

/** The firm's calendar day at an instant. */
export const dayIn = (at: Date, zone: string): string => isoDateIn(at, zone) ?? at.toISOString().slice(0, 10);

/** The instant an NDA expiring on `expires` stops covering its holder: the next midnight in the firm's zone. */
export const ndaLapseInstant = (expires: string, zone: string): Date =>
  DateTime.fromISO(expires, { zone }).plus({ days: 1 }).startOf("day").toJSDate();

/** "Fri 15 Jan 2027": a calendar day in plain words. */
export const dayLabel = (day: string): string => {
  const d = DateTime.fromISO(day, { zone: "UTC" });
  return d.isValid ? d.toFormat("ccc d LLL yyyy") : day;
};

/** What a shut-out person is told (they learn nothing about any task). */
export const shutOutMessage = (reason: ShutOutReason, firmName: string, p: NdaFacts): string => {
  switch (reason) {
    case "inactive":
      return `Your access to ${firmName}'s Delegate has been switched off. Ask an admin if this is a mistake.`;
    case "nda_missing":
      return `${firmName} has no NDA on file for you yet, so you cannot see or work on its matters. An admin will record it (team set @you nda:YYYY-MM-DD).`;
    case "nda_pending":
      return `Your NDA with ${firmName} takes effect on ${dayLabel(p.ndaSigned ?? "")}; until then you cannot see or work on its matters.`;
    case "nda_expired":
      return `Your NDA with ${firmName} expired on ${dayLabel(p.ndaExpires ?? "")}, so your access to its matters has ended. Ask an admin to record a renewal.`;
  }
};

export interface MatterRestrictionFacts {
  number: string;
  allowedDelivery: DeliveryModel[] | null;
  consentOn: string | null;
}

export interface WorkerFacts {
  displayName: string;
  role: Role;
  delivery: DeliveryModel | null;
}

/** "limited to onshore, nearshore work" / "open to every delivery model". */
export const restrictionWords = (models: readonly string[] | null): string =>
  models === null ? "open to every delivery model" : `limited to ${models.join(", ")} work`;

/** A refusal in two parts: what stands in the way, and the command that changes it. */
export interface Blocker {
  problem: string;
  fix: string;
}

export const blockerText = (b: Blocker): string => `${b.problem} ${b.fix}`;

/**
 * Why this professional may not be given access to this matter, or undefined: the matter's
 * delivery restriction, and the client's consent when the firm requires it. Each refusal names
 * the restriction and the command that changes it.
 */
export const restrictionBlocker = (
  p: WorkerFacts,
  m: MatterRestrictionFacts,
  requireConsent: boolean,
): Blocker | undefined => {
  if (p.role !== "professional") return undefined;
  if (m.allowedDelivery !== null && !(p.delivery && m.allowedDelivery.includes(p.delivery))) {
    const who = p.delivery
      ? `${p.displayName} works ${p.delivery}`
      : `${p.displayName}'s delivery model is not recorded (team set @${p.displayName} delivery:onshore)`;
    return {
      problem: `${m.number} is ${restrictionWords(m.allowedDelivery)}, and ${who}.`,
      fix: `An admin can change the matter's restriction: matter set ${m.number} delivery:${p.delivery ? [...m.allowedDelivery, p.delivery].join(",") : "all"}`,
    };
  }
  if (requireConsent && !m.consentOn) {
    return {
      problem: `The firm requires the client's consent before outsourced work, and ${m.number} has none on record.`,
      fix: `An admin can record it: matter set ${m.number} consent:YYYY-MM-DD consent-ref:"engagement letter §7" (or turn the rule off: firm set require-consent:no)`,
    };
  }
  return undefined;
};

/** Why a notification was withheld at delivery (src/notify/delivery-check.ts), in words an admin reads in `outbox`. */
export const DROP_WORDS: Record<DropReason, string> = {
  inactive: "the recipient is no longer active",
  nda: "the recipient's NDA is not in force",
  not_assignee: "the recipient no longer holds the task",
  not_staffed: "the recipient is no longer staffed on the task's matter",
  not_supervising: "the recipient no longer supervises or covers the task",
};
