import { DateTime, IANAZone } from "luxon";
import { z } from "zod";
import type { PeriodRef, WeekRef, WorkingHours } from "../domain/command.js";
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
  WEEKDAYS,
  type Weekday,
} from "../domain/vocabulary.js";
import { preview } from "./tokenize.js";

/**
 * zod schemas for every value a command accepts. Each takes the raw string as typed and
 * either yields the typed value or an issue whose message is the whole one-line reply
 * ("rate must be a non-negative number, like rate:300 (got "abc")."), so the parser can
 * show it as it is.
 */

/** Largest task number: task numbers are PostgreSQL `integer`s. */
export const MAX_TASK_NUMBER = 2_147_483_647;

const q = (s: string): string => `"${preview(s)}"`;

/** A schema from a converter that returns undefined for bad input. */
function convert<T>(fn: (s: string) => T | undefined, explain: (s: string) => string) {
  return z.string().transform((s, ctx): T => {
    const value = fn(s.trim());
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: explain(s) });
      return z.NEVER;
    }
    return value;
  });
}

/** Schemas made once per label (and bound), not on every command: zod's schema building showed in profiles (docs/performance.md). */
const perLabel = <A extends (string | number)[], S>(make: (...args: A) => S): ((...args: A) => S) => {
  const made = new Map<string, S>();
  return (...args) => {
    const key = args.join("\u0000");
    let schema = made.get(key);
    if (schema === undefined) {
      schema = make(...args);
      // Labels come from the code, a few dozen; the bound only guards against a mistake.
      if (made.size >= 1000) made.clear();
      made.set(key, schema);
    }
    return schema;
  };
};

const oneOf = <T extends string>(words: readonly T[], s: string): T | undefined => {
  // People type document-review or Document_Review; the stored form is document_review.
  const norm = s.toLowerCase().replace(/-/g, "_");
  return words.find((w) => w === norm);
};

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

const isoDateSchema = (label: string) =>
  convert(
    (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: "utc" }).isValid ? s : undefined),
    (s) => `${label}: wants a date written YYYY-MM-DD, like ${label}:2026-01-15, not ${q(s)}.`,
  );

/**
 * `hours:09:00-18:00` → minutes of the day; 24:00 may end the day. An end before the start is a
 * shift across midnight (`hours:21:00-06:00`, on the days it starts); an equal one is no shift.
 */
const HOURS_FORMAT = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;
export const workingHours = convert(
  (s): WorkingHours | undefined => {
    const m = HOURS_FORMAT.exec(s);
    if (!m) return undefined;
    const start = clock(m[1], m[2]);
    const end = clock(m[3], m[4]);
    if (start === undefined || end === undefined || start === 24 * 60 || start === end) return undefined;
    return { start, end };
  },
  (s) => {
    const m = HOURS_FORMAT.exec(s.trim());
    const empty = m !== null && clock(m[1], m[2]) !== undefined && clock(m[1], m[2]) === clock(m[3], m[4]);
    return empty
      ? `hours: ${q(s)} starts and ends at the same time; give a shift some length, like hours:09:00-18:00 (or hours:21:00-06:00 for a night shift).`
      : `hours: wants a start and an end in 24-hour time, like hours:09:00-18:00 (or hours:21:00-06:00 for a night shift), not ${q(s)}.`;
  },
);

function clock(h: string | undefined, m: string | undefined): number | undefined {
  const minutes = Number(h) * 60 + Number(m);
  if (Number(m) >= 60 || minutes > 24 * 60) return undefined;
  return minutes;
}

/** `days:mon-fri`, `days:mon,wed,fri`, `days:sat-sun`, `days:mon-wed,fri`; fri-mon wraps. */
export const workDays = convert(
  (s): Weekday[] | undefined => {
    const chosen = new Set<Weekday>();
    for (const part of s.toLowerCase().split(",")) {
      const [from, to, extra] = part.split("-");
      const a = weekday(from);
      const b = to === undefined ? a : weekday(to);
      if (a === undefined || b === undefined || extra !== undefined) return undefined;
      const ia = WEEKDAYS.indexOf(a);
      const span = (WEEKDAYS.indexOf(b) - ia + 7) % 7;
      for (let k = 0; k <= span; k += 1) {
        const day = WEEKDAYS[(ia + k) % 7];
        if (day) chosen.add(day);
      }
    }
    return WEEKDAYS.filter((d) => chosen.has(d));
  },
  (s) => `days: wants days like days:mon-fri, days:mon,wed,fri or days:sat-sun, not ${q(s)}.`,
);

const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function weekday(s: string | undefined): Weekday | undefined {
  if (s === undefined) return undefined;
  const i = DAY_NAMES.findIndex((name) => name === s || name.slice(0, 3) === s);
  return WEEKDAYS[i];
}

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

const parseWeek = (s: string): WeekRef | undefined => {
  const v = s.toLowerCase();
  if (v === "this" || v === "last") return { kind: v };
  const m = /^(\d{4})-?w(\d{1,2})$/.exec(v);
  if (!m) return undefined;
  const year = Number(m[1]);
  const wk = Number(m[2]);
  const weeks = DateTime.fromObject({ weekYear: year, weekNumber: 1 }, { zone: "utc" }).weeksInWeekYear;
  if (year < 1970 || wk < 1 || wk > weeks) return undefined;
  return { kind: "iso", year, week: wk };
};

/** `this`, `last` or an ISO week `2026-W48`. */
export const week = convert(
  parseWeek,
  (s) => `hours wants this, last or an ISO week like 2026-W48 (weeks 1 to 52 or 53), not ${q(s)}.`,
);

/** A week (`this`, `last`, `2026-W48`) or a calendar month (`2026-12`). */
export const period = convert(
  (s): PeriodRef | undefined => {
    const m = /^(\d{4})-(\d{2})$/.exec(s);
    if (!m) return parseWeek(s);
    const year = Number(m[1]);
    const month = Number(m[2]);
    return year >= 1970 && month >= 1 && month <= 12 ? { kind: "month", year, month } : undefined;
  },
  (s) => `Give a period as this, last, a week like 2026-W48 or a month like 2026-12, not ${q(s)}.`,
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
    return /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: "utc" }).isValid ? s : undefined;
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
export const isoDate = perLabel(isoDateSchema);
export const yesNo = perLabel(yesNoSchema);
export const utbmsCode = perLabel(utbmsCodeSchema);
export const courtDays = perLabel(courtDaysSchema);
