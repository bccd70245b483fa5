import { IANAZone } from "luxon";
import { z } from "zod";
import { parseDuration } from "../domain/durations.js";
import { unstorable, unstorableMessage } from "../domain/storable-text.js";
import {
  BILL_MODES,
  CATEGORIES,
  type Category,
  DEFECT_REASONS,
  DELIVERY_MODELS,
  type DeliveryModel,
  HOLIDAY_CALENDARS,
  ROLES,
} from "../domain/vocabulary.js";
import { isIsoDate } from "./parse-calendar-values.js";
import { convert, oneOf, perLabel, q } from "./value-schemas.js";

export { isoDate, period, week, workDays, workingHours } from "./parse-calendar-values.js";

/**
 * zod schemas for every value a command accepts (the calendar's, from dates to weeks, are in
 * parse-calendar-values.ts and exported from here too). Each takes the raw string as typed and
 * either yields the typed value or an issue whose message is the whole one-line reply
 * ("rate must be a non-negative number, like rate:300 (got "abc")."), so the parser can
 * show it as it is.
 */

/** Largest task number: task numbers are PostgreSQL `integer`s. */
export const MAX_TASK_NUMBER = 2_147_483_647;

export function parseTaskNumber(s: string): number | undefined {
  const m = /^t-?(\d{1,10})$/i.exec(s.trim());
  if (!m?.[1]) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= MAX_TASK_NUMBER ? n : undefined;
}

export const taskNumber = convert(
  parseTaskNumber,
  (s) => `${q(s)} is not a task number; write it like T-42.`,
);

const matterNumberSchema = (label: string) =>
  convert(
    (s) => (/^[^\s\p{Cc}\p{Cs}"“”„]{1,64}$/u.test(s) ? s : undefined),
    (s) =>
      s.trim() === ""
        ? `The ${label} number is empty; write it like M-2024-118.`
        : `${q(s)} is not a matter number: use up to 64 characters with no spaces, like M-2024-118.`,
  );

/** Free text: trimmed, non-empty, bounded, and nothing the database would refuse or change. */
const textSchema = (label: string, max: number) =>
  convert(
    (s) => (s !== "" && s.length <= max && unstorable(s) === undefined ? s : undefined),
    (s) => {
      if (s.trim() === "") return `The ${label} is empty.`;
      const problem = unstorable(s);
      return problem
        ? unstorableMessage(label, problem)
        : `The ${label} is too long: at most ${max} characters (got ${s.length}).`;
    },
  );

const zoneSchema = (label: string) =>
  convert(
    (s) => {
      if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(s) || !IANAZone.isValidZone(s)) return undefined;
      // Canonical spelling (america/new_york → America/New_York) so stored zones compare equal.
      return new Intl.DateTimeFormat("en-US", { timeZone: s }).resolvedOptions().timeZone;
    },
    (s) => `${label}: wants an IANA time zone like America/New_York or Asia/Manila, not ${q(s)}.`,
  );

const moneySchema = (label: string) =>
  convert(
    (s) => {
      const m = /^\$?(\d{1,7}(?:\.\d{1,2})?)$/.exec(s);
      return m?.[1] === undefined ? undefined : Number(m[1]);
    },
    (s) => `${label}: must be a non-negative number of dollars per hour, like ${label}:300 (got ${q(s)}).`,
  );

const durationSchema = (label: string) =>
  convert(
    parseDuration,
    (s) => `${label}: wants a duration like 3h, 2.5h, 90m or 1h30m (at most 1000h), not ${q(s)}.`,
  );

/** `alerts:24h,2h` → [1440, 120] (sorted, latest first); `alerts:none` → []. */
export const alertList = convert(
  (s): number[] | undefined => {
    if (/^(none|off)$/i.test(s)) return [];
    const parts = s.split(",").map((p) => parseDuration(p));
    if (parts.length === 0 || parts.length > 10) return undefined;
    const minutes: number[] = [];
    for (const p of parts) {
      if (p === undefined) return undefined;
      if (!minutes.includes(p)) minutes.push(p);
    }
    return minutes.sort((a, b) => b - a);
  },
  (s) =>
    `alerts: wants up to 10 durations before the due time, like alerts:24h,2h (or alerts:none), not ${q(s)}.`,
);

export const role = convert(
  (s) => oneOf(ROLES, s),
  (s) => `role: must be one of ${ROLES.join(", ")}, not ${q(s)}.`,
);

const categorySchema = (label: string) =>
  convert(
    (s) => oneOf(CATEGORIES, s),
    (s) => `${label}: must be one of ${CATEGORIES.join(", ")}, not ${q(s)}.`,
  );

export const normalizeCategory = (s: string): Category | undefined => oneOf(CATEGORIES, s);

export const reason = convert(
  (s) => oneOf(DEFECT_REASONS, s),
  (s) => `reason: must be one of ${DEFECT_REASONS.join(", ")}, not ${q(s)}.`,
);

export const delivery = convert(
  (s) => oneOf(DELIVERY_MODELS, s),
  (s) => `delivery: must be one of ${DELIVERY_MODELS.join(", ")}, not ${q(s)}.`,
);

const yesNoSchema = (label: string) =>
  convert(
    (s) => {
      const v = s.toLowerCase();
      if (v === "yes" || v === "true") return true;
      if (v === "no" || v === "false") return false;
      return undefined;
    },
    (s) => `${label}: wants yes or no, not ${q(s)}.`,
  );

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: (iss) => `email: wants an e-mail address, not ${q(String(iss.input))}.` }));

export const page = convert(
  (s) => (/^\d{1,5}$/.test(s) && Number(s) >= 1 ? Number(s) : undefined),
  (s) => `page: wants a page number like page:2, not ${q(s)}.`,
);

/** ISO 4217 currency code, e.g. `currency:USD`, `currency:eur`. */
export const currency = convert(
  (s) => {
    const code = s.toUpperCase();
    return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code) ? code : undefined;
  },
  (s) => `currency: wants a three-letter ISO 4217 code like USD, EUR or PHP, not ${q(s)}.`,
);

/** `markup-limit:3` (bill rate at most 3 × cost rate), `markup-limit:none`. */
export const markupLimit = convert(
  (s): number | null | undefined => {
    if (/^(none|off)$/i.test(s)) return null;
    const m = /^(\d{1,3}(?:\.\d{1,2})?)x?$/i.exec(s);
    const n = m?.[1] === undefined ? undefined : Number(m[1]);
    return n !== undefined && n >= 1 && n <= 100 ? n : undefined;
  },
  (s) =>
    `markup-limit: wants the highest bill rate as a multiple of the cost rate, from 1 to 100, like markup-limit:3 (or none), not ${q(s)}.`,
);

export const holidayCalendar = convert(
  (s) => HOLIDAY_CALENDARS.find((c) => c === s.toLowerCase()),
  (s) => `holidays: must be ${HOLIDAY_CALENDARS.join(" or ")}, not ${q(s)}.`,
);

/** `lawyer-only:"legal advice,advise the client"`; `none` turns the check off, `default` restores the built-in list. */
export const lawyerOnlyPhrases = convert(
  (s): string[] | null | undefined => {
    if (unstorable(s)) return undefined;
    const v = s.toLowerCase();
    if (v === "default") return null;
    if (v === "none") return [];
    const phrases = [...new Set(v.split(",").map((p) => p.trim().replace(/\s+/g, " ")))];
    if (phrases.length > 50 || phrases.some((p) => p.length < 3 || p.length > 100)) return undefined;
    return phrases;
  },
  (s) => {
    const problem = unstorable(s);
    return problem
      ? unstorableMessage("list of lawyer-only phrases", problem)
      : `lawyer-only: wants up to 50 phrases of 3 to 100 characters separated by commas, like lawyer-only:"legal advice,advise the client" (or default, or none), not ${q(s)}.`;
  },
);

/** A UTBMS task or activity code, e.g. `utbms.document_review:L320`. */
const utbmsCodeSchema = (label: string) =>
  convert(
    (s) => (/^[A-Z]\d{3}$/i.test(s) ? s.toUpperCase() : undefined),
    (s) => `${label}: wants a UTBMS code like L320, not ${q(s)}.`,
  );

/** `delivery:onshore,nearshore` → those models; `delivery:all` → no restriction (null). */
export const deliveryList = convert(
  (s): DeliveryModel[] | null | undefined => {
    if (s.toLowerCase() === "all") return null;
    const chosen = new Set<DeliveryModel>();
    for (const part of s.split(",")) {
      const model = oneOf(DELIVERY_MODELS, part.trim());
      if (model === undefined) return undefined;
      chosen.add(model);
    }
    return DELIVERY_MODELS.filter((m) => chosen.has(m));
  },
  (s) => `delivery: wants all, or some of ${DELIVERY_MODELS.join(", ")} separated by commas, not ${q(s)}.`,
);

/** `consent:2026-11-20`, or `consent:none` to record that there is none. */
export const consentDate = convert(
  (s): string | null | undefined => {
    if (s.toLowerCase() === "none") return null;
    return isIsoDate(s) ? s : undefined;
  },
  (s) => `consent: wants the date the client consented, like consent:2026-11-20 (or none), not ${q(s)}.`,
);

export const billMode = convert(
  (s) => oneOf(BILL_MODES, s),
  (s) => `bill: must be one of ${BILL_MODES.join(", ")}, not ${q(s)}.`,
);

/** Court days, `2d`: from 0 to 30. */
const courtDaysSchema = (label: string) =>
  convert(
    (s) => {
      const m = /^(\d{1,2})\s*(?:d|day|days|court days?)$/i.exec(s);
      const n = m?.[1] === undefined ? undefined : Number(m[1]);
      return n !== undefined && n <= 30 ? n : undefined;
    },
    (s) => `${label}: wants court days like ${label}:2d (0 to 30), not ${q(s)}.`,
  );

export const matterNumber = perLabel(matterNumberSchema);
export const text = perLabel(textSchema);
export const zone = perLabel(zoneSchema);
export const money = perLabel(moneySchema);
export const duration = perLabel(durationSchema);
export const category = perLabel(categorySchema);
export const yesNo = perLabel(yesNoSchema);
export const utbmsCode = perLabel(utbmsCodeSchema);
export const courtDays = perLabel(courtDaysSchema);
