import type {
  ButtonAction,
  Category,
  DefectReason,
  DeliveryModel,
  Role,
  Weekday,
} from "../domain/vocabulary.js";

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

/** Minutes of the working day, e.g. 09:00-18:00 → { start: 540, end: 1080 }. */
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
  rate?: number;
  cost?: number;
  email?: string;
}

export type WeekRef = { kind: "this" } | { kind: "last" } | { kind: "iso"; year: number; week: number };

/** Every command of DESIGN.md's grammar, after parsing and validation. */
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
    }
  | ({ name: "team add"; user: UserRef; role: Role } & Omit<PersonOptions, "role">)
  | ({ name: "team set"; user: UserRef; active?: boolean } & PersonOptions)
  | { name: "team list" }
  | { name: "matter add"; number: string; title: string; client?: string; area?: string }
  | { name: "matter staff"; number: string; user: UserRef }
  | {
      name: "assign";
      user: UserRef;
      title: string;
      matter: string;
      /** Raw natural-language due time; resolved in the speaker's zone by the service. */
      due: string;
      estMinutes?: number;
      category?: Category;
      notes?: string;
    }
  | { name: "list"; scope: "mine" | "review" | "overdue" | "all"; page?: number }
  | { name: "show"; task: number }
  | { name: "start"; task: number; version?: number }
  | { name: "submit"; task: number; notes?: string; spentMinutes?: number; version?: number }
  | { name: "approve"; task: number; comment?: string; version?: number }
  | { name: "changes"; task: number; what: string; reason?: DefectReason; version?: number }
  | { name: "reassign"; task: number; user: UserRef }
  | { name: "due"; task: number; due: string }
  | { name: "cancel"; task: number; reason?: string }
  | { name: "hours"; week: WeekRef }
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
