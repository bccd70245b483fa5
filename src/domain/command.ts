import type {
  BillMode,
  ButtonAction,
  Category,
  DefectReason,
  DeliveryModel,
  HolidayCalendar,
  Role,
  Weekday,
} from "./vocabulary.js";

/**
 * A person named in a command. Slack `<@U123|name>` gives `id` (and maybe `name`);
 * Teams adapters rewrite their mention entities to the same `<@id|name>` form before
 * parsing; the console gives `@name` or a bare name, which the core looks up by
 * console user name.
 */
export interface UserRef {
  id?: string;
  name?: string;
}

/**
 * Minutes of the working day, e.g. 09:00-18:00 → { start: 540, end: 1080 }. A shift may cross
 * midnight (21:00-06:00 → { start: 1260, end: 360 }): it belongs to the day it starts.
 */
export interface WorkingHours {
  start: number;
  end: number;
}

export interface PersonOptions {
  role?: Role;
  tz?: string;
  hours?: WorkingHours;
  days?: Weekday[];
  delivery?: DeliveryModel;
  provider?: string;
  /** ISO dates, YYYY-MM-DD. */
  nda?: string;
  ndaExpires?: string;
  /** Attorneys: billing rate. */
  rate?: number;
  /** Professionals: cost rate and client bill rate. */
  cost?: number;
  bill?: number;
  email?: string;
}

export type WeekRef = { kind: "this" } | { kind: "last" } | { kind: "iso"; year: number; week: number };

/** A reporting period: a week, or a calendar month (`2026-12`), in the firm's zone. */
export type PeriodRef = WeekRef | { kind: "month"; year: number; month: number };

/** How an assignment's due time is given: a time, or a court deadline less a review buffer. */
export type DueSpec =
  | { kind: "time"; text: string }
  | {
      kind: "court";
      /** The court's deadline, YYYY-MM-DD. */
      deadline: string;
      /** Court days kept for the attorney's review before the deadline (`review:2d`; default 1). */
      reviewDays: number;
    };

/** Every command of the grammar (docs/commands.md), after parsing and validation. */
export type Command =
  | { name: "help"; topic?: string }
  | { name: "setup"; firm: string; tz: string; rate: number }
  | {
      name: "firm set";
      firm?: string;
      tz?: string;
      rate?: number;
      /** Minutes before the due time, e.g. alerts:24h,2h → [1440, 120]. */
      alerts?: number[];
      /** Default attorney minutes saved per task type. */
      estimates?: Partial<Record<Category, number>>;
      /** ISO 4217 code, upper case. */
      currency?: string;
      /** Working minutes of the assignee to acknowledge an assignment. */
      ackWithinMinutes?: number;
      /** Highest bill rate ÷ cost rate; null: no limit (`markup-limit:none`). */
      markupLimit?: number | null;
      requireConsent?: boolean;
      holidays?: HolidayCalendar;
      /** Lawyer-only phrases, lower case; `lawyer-only:default` restores the built-in list (null). */
      lawyerOnly?: string[] | null;
      /** UTBMS task code per task type, e.g. { document_review: "L320" }. */
      utbms?: Partial<Record<Category, string>>;
    }
  | { name: "holiday add"; date: string; label?: string }
  | { name: "holiday remove"; date: string }
  | { name: "holiday list" }
  | ({ name: "team add"; user: UserRef; role: Role } & Omit<PersonOptions, "role">)
  | ({ name: "team set"; user: UserRef; active?: boolean } & PersonOptions)
  | { name: "team list" }
  | { name: "away"; user: UserRef; until: string; cover: UserRef }
  | { name: "away"; user: UserRef; off: true }
  | { name: "matter add"; number: string; title: string; client?: string; area?: string }
  | {
      name: "matter set";
      number: string;
      title?: string;
      client?: string;
      area?: string;
      /** Delivery models allowed on the matter; null: all (`delivery:all`). */
      delivery?: DeliveryModel[] | null;
      /** Date of the client's consent to outsourcing; null: none recorded (`consent:none`). */
      consent?: string | null;
      consentRef?: string;
      bill?: BillMode;
    }
  | { name: "matter staff"; number: string; user: UserRef }
  | { name: "matter unstaff"; number: string; user: UserRef }
  | { name: "matter list" }
  | { name: "matter show"; number: string }
  | {
      name: "assign";
      user: UserRef;
      title: string;
      matter: string;
      /** Raw natural-language due time (resolved in the speaker's zone), or a court deadline. */
      due: DueSpec;
      estMinutes?: number;
      category?: Category;
      notes?: string;
    }
  | { name: "list"; scope: "mine" | "review" | "overdue" | "all"; page?: number }
  | { name: "show"; task: number }
  | { name: "ack"; task: number; version?: number }
  | { name: "start"; task: number; version?: number }
  | { name: "ask"; task: number; text: string }
  | { name: "log"; task: number; minutes: number; note?: string }
  | { name: "submit"; task: number; notes?: string; spentMinutes?: number; version?: number }
  | { name: "approve"; task: number; comment?: string; reviewMinutes?: number; version?: number }
  | {
      name: "changes";
      task: number;
      what: string;
      reason?: DefectReason;
      reviewMinutes?: number;
      version?: number;
    }
  | { name: "reassign"; task: number; user: UserRef }
  | { name: "due"; task: number; due: string }
  | { name: "cancel"; task: number; reason?: string }
  | { name: "hours"; week: WeekRef }
  | { name: "quality"; user?: UserRef; provider?: string; since?: string }
  | { name: "export"; kind: "hours" | "billing" | "ledes"; period: PeriodRef }
  | { name: "packet"; user: UserRef; since?: string; until?: string }
  | { name: "packet"; matter: string }
  | { name: "audit"; task: number; since?: string; page?: number }
  | { name: "audit"; user: UserRef; since?: string; page?: number }
  | { name: "audit verify" }
  | { name: "digest here" }
  | { name: "outbox" }
  | { name: "link"; code?: string };

export type CommandName = Command["name"];

/** What a button carries. Untrusted: the dispatcher re-checks who clicked. */
export interface ButtonPayload {
  action: ButtonAction;
  task: number;
  version: number;
}
