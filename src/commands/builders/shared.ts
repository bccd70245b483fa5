import type { Command, PersonOptions } from "../../domain/command.js";
import type { Args } from "../parse-args.js";
import * as v from "../parse-values.js";

/** Builds the typed Command of one command word from its arguments (see src/commands/parse.ts). */
export type Builder = (a: Args) => Command;

/** The options `team add` and `team set` share. */
export const PERSON_OPTIONS = [
  "tz",
  "hours",
  "days",
  "delivery",
  "provider",
  "nda",
  "nda-expires",
  "rate",
  "cost",
  "bill",
  "email",
] as const;

export function personOptions(a: Args): Omit<PersonOptions, "role"> {
  const nda = a.option("nda", v.isoDate("nda"));
  const ndaExpires = a.option("nda-expires", v.isoDate("nda-expires"));
  if (nda !== undefined && ndaExpires !== undefined && ndaExpires <= nda) {
    throw a.error(`nda-expires: (${ndaExpires}) must be after nda: (${nda}).`);
  }
  return {
    tz: a.option("tz", v.zone("tz")),
    hours: a.option("hours", v.workingHours),
    days: a.option("days", v.workDays),
    delivery: a.option("delivery", v.delivery),
    provider: a.option("provider", v.text("provider", 200)),
    nda,
    ndaExpires,
    rate: a.option("rate", v.money("rate")),
    cost: a.option("cost", v.money("cost")),
    bill: a.option("bill", v.money("bill")),
    email: a.option("email", v.email),
  };
}

/** The task number in the first position. */
export function task0(a: Args): number {
  return a.run(v.taskNumber, a.requiredText(0, "a task number", "T-42"));
}

/** A command that takes a task number and nothing else. */
export function onlyTask(a: Args): number {
  a.allowOnly([]);
  const task = task0(a);
  a.atMost(1);
  return task;
}

/** The matter number in the first position. */
export function matter0(a: Args): string {
  return a.run(v.matterNumber("matter"), a.requiredText(0, "a matter number", "M-2024-118"));
}

export function optionalText(a: Args, i: number, label: string, max: number): string | undefined {
  const t = a.text(i, `the ${label}`);
  return t === undefined ? undefined : a.run(v.text(label, max), t);
}

export function noArgs<C extends Command>(a: Args, command: C): C {
  a.allowOnly([]);
  a.atMost(0);
  return command;
}

/** Drops undefined properties so results compare exactly and serialize cleanly. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as T;
}
