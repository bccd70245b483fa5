import type { Person } from "../../db/schema.js";
import { dayLabel } from "../domain/access.js";
import { formatWorkingHours } from "../domain/working-hours.js";
import { zonePlace } from "../domain/zone-names.js";

const or = (v: string | number | null, none = "none"): string => (v === null ? none : String(v));
const day = (v: string | null): string => (v === null ? "none" : dayLabel(v));

/**
 * What `team set` changed about a person, in plain words for the reply and the audit trail
 * (the NDA and role with their previous values: an auditor reads the NDA history from them).
 */
export const describePersonChanges = (before: Person, after: Person): string[] => {
  const out: string[] = [];
  const from = (now: string, was: string) => (now === was ? undefined : `${now} (was ${was})`);
  const push = (label: string, now: string, was: string) => {
    const text = from(now, was);
    if (text) out.push(`${label} ${text}`);
  };
  if (before.active !== after.active) out.push(after.active ? "reactivated" : "deactivated");
  push("role", after.role, before.role);
  push("NDA signed", day(after.ndaSigned), day(before.ndaSigned));
  push("NDA expires", day(after.ndaExpires), day(before.ndaExpires));
  push("time zone", zonePlace(after.tz), zonePlace(before.tz));
  push("working hours", formatWorkingHours(after), formatWorkingHours(before));
  push("delivery", or(after.delivery, "not recorded"), or(before.delivery, "not recorded"));
  push("provider", or(after.provider), or(before.provider));
  push("billing rate", or(after.rate), or(before.rate));
  push("cost rate", or(after.costRate), or(before.costRate));
  push("bill rate", or(after.billRate), or(before.billRate));
  if (before.email !== after.email) out.push("e-mail changed");
  return out;
};

/** The NDA as it stands after an event, kept in audit details (dates only, nothing confidential). */
export const ndaFacts = (p: Pick<Person, "ndaSigned" | "ndaExpires">) => ({
  nda: { signed: p.ndaSigned, expires: p.ndaExpires },
});
