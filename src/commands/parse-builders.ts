import { CATEGORIES, type Category } from "../domain/vocabulary.js";
import type { Command, PersonOptions } from "./command.js";
import type { Args } from "./parse-args.js";
import * as v from "./parse-values.js";
import { preview } from "./tokenize.js";
import type { UsageKey } from "./usage.js";

/**
 * One builder per command word: checks the options and positionals that command takes
 * and returns the typed Command. Every value goes through a zod schema of parse-values.
 */

const PERSON_OPTIONS = [
  "tz",
  "hours",
  "days",
  "delivery",
  "provider",
  "nda",
  "nda-expires",
  "rate",
  "cost",
  "email",
] as const;

type Builder = (a: Args) => Command;

export const BUILDERS: Record<UsageKey, Builder> = {
  help: () => ({ name: "help" }),

  setup: (a) => {
    a.allowOnly(["firm", "tz", "rate"]);
    a.atMost(0);
    return {
      name: "setup",
      firm: a.required("firm", v.text("firm name", 200)),
      tz: a.required("tz", v.zone("tz")),
      rate: a.required("rate", v.money("rate")),
    };
  },

  "firm set": (a) => {
    a.allowOnly(["firm", "tz", "rate", "alerts"], (k) => k.startsWith("est."));
    a.atMost(0);
    const estimates: Partial<Record<Category, number>> = {};
    for (const k of a.options.keys()) {
      if (!k.startsWith("est.")) continue;
      const cat = v.normalizeCategory(k.slice(4));
      if (cat === undefined) {
        const types = CATEGORIES.join(", ");
        throw a.error(`Unknown task type "${preview(k.slice(4), 30)}" in est.…: use one of ${types}.`);
      }
      if (estimates[cat] !== undefined)
        throw a.error(`The estimate for ${cat} is given twice; give it once.`);
      estimates[cat] = a.option(k, v.duration(k));
    }
    if (a.options.size === 0) {
      throw a.error('firm set needs something to change, e.g. alerts:24h,2h or firm:"Smith & Lee LLP".');
    }
    return compact({
      name: "firm set" as const,
      firm: a.option("firm", v.text("firm name", 200)),
      tz: a.option("tz", v.zone("tz")),
      rate: a.option("rate", v.money("rate")),
      alerts: a.option("alerts", v.alertList),
      estimates: Object.keys(estimates).length > 0 ? estimates : undefined,
    });
  },

  "team add": (a) => {
    a.allowOnly(["role", ...PERSON_OPTIONS]);
    const user = a.user(0);
    a.atMost(1);
    const role = a.required("role", v.role);
    return compact({ name: "team add" as const, user, role, ...personOptions(a) });
  },

  "team set": (a) => {
    a.allowOnly(["role", "active", ...PERSON_OPTIONS]);
    const user = a.user(0);
    a.atMost(1);
    if (a.options.size === 0)
      throw a.error("team set needs something to change, e.g. tz:Asia/Manila or active:no.");
    return compact({
      name: "team set" as const,
      user,
      role: a.option("role", v.role),
      active: a.option("active", v.yesNo("active")),
      ...personOptions(a),
    });
  },

  "team list": (a) => noArgs(a, { name: "team list" }),

  "matter add": (a) => {
    a.allowOnly(["client", "area"]);
    const number = a.run(v.matterNumber("matter"), a.requiredText(0, "a matter number", "M-2024-118"));
    const title = a.run(v.text("matter title", 200), a.requiredText(1, "a title", '"Smith v. Jones"'));
    a.atMost(2);
    return compact({
      name: "matter add" as const,
      number,
      title,
      client: a.option("client", v.text("client", 200)),
      area: a.option("area", v.text("practice area", 100)),
    });
  },

  "matter staff": (a) => {
    a.allowOnly([]);
    const number = a.run(v.matterNumber("matter"), a.requiredText(0, "a matter number", "M-2024-118"));
    const user = a.user(1);
    a.atMost(2);
    return { name: "matter staff", number, user };
  },

  assign: (a) => {
    a.allowOnly(["matter", "due", "est", "type", "notes"]);
    const user = a.user(0);
    const title = a.run(v.text("title", 200), a.requiredText(1, "a title", '"Review deposition exhibits"'));
    a.atMost(2);
    return compact({
      name: "assign" as const,
      user,
      title,
      matter: a.required("matter", v.matterNumber("matter")),
      due: a.required("due", v.text("due time", 200)),
      estMinutes: a.option("est", v.duration("est")),
      category: a.option("type", v.category("type")),
      notes: a.option("notes", v.text("notes", 4000)),
    });
  },

  list: (a) => {
    a.allowOnly(["page"]);
    const word = a.text(0, "mine, review, overdue or all")?.toLowerCase() ?? "mine";
    a.atMost(1);
    if (word !== "mine" && word !== "review" && word !== "overdue" && word !== "all") {
      throw a.error(`list shows mine, review, overdue or all, not "${preview(word, 30)}".`);
    }
    return compact({ name: "list" as const, scope: word, page: a.option("page", v.page) });
  },

  show: (a) => ({ name: "show", task: onlyTask(a) }),
  start: (a) => ({ name: "start", task: onlyTask(a) }),
  reassign: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const user = a.user(1);
    a.atMost(2);
    return { name: "reassign", task, user };
  },

  submit: (a) => {
    a.allowOnly(["spent"]);
    const task = task0(a);
    const notes = optionalText(a, 1, "notes", 4000);
    a.atMost(2);
    return compact({
      name: "submit" as const,
      task,
      notes,
      spentMinutes: a.option("spent", v.duration("spent")),
    });
  },

  approve: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const comment = optionalText(a, 1, "comment", 4000);
    a.atMost(2);
    return compact({ name: "approve" as const, task, comment });
  },

  changes: (a) => {
    a.allowOnly(["reason"]);
    const task = task0(a);
    const what = a.run(
      v.text("description of what to fix", 4000),
      a.requiredText(1, "what to fix", '"cite the 2019 ruling"'),
    );
    a.atMost(2);
    return compact({ name: "changes" as const, task, what, reason: a.option("reason", v.reason) });
  },

  due: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const due = a.run(v.text("due time", 200), a.requiredText(1, "a due time", '"mon 9am"'));
    a.atMost(2);
    return { name: "due", task, due };
  },

  cancel: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const reason = optionalText(a, 1, "reason", 1000);
    a.atMost(2);
    return compact({ name: "cancel" as const, task, reason });
  },

  hours: (a) => {
    a.allowOnly([]);
    const word = a.text(0, "a week");
    a.atMost(1);
    return { name: "hours", week: word === undefined ? { kind: "this" } : a.run(v.week, word) };
  },

  audit: (a) => {
    const target = a.positionals[0];
    if (target?.kind === "word" && target.text.toLowerCase() === "verify") {
      a.allowOnly([]);
      a.atMost(1);
      return { name: "audit verify" };
    }
    a.allowOnly(["since", "page"]);
    a.atMost(1);
    const since = a.option("since", v.isoDate("since"));
    const page = a.option("page", v.page);
    if (target === undefined)
      throw a.error("audit needs a task or a person, e.g. audit T-42 or audit @maria.");
    // A word shaped like a task number (T…, t-…) is a task, even a malformed one: say so.
    if (target.kind !== "mention" && /^t(-|\d)/i.test(target.text)) {
      return compact({ name: "audit" as const, task: a.run(v.taskNumber, target.text), since, page });
    }
    return compact({ name: "audit" as const, user: a.user(0), since, page });
  },

  "digest here": (a) => noArgs(a, { name: "digest here" }),
  outbox: (a) => noArgs(a, { name: "outbox" }),

  link: (a) => {
    a.allowOnly([]);
    const code = a.text(0, "a code");
    a.atMost(1);
    if (code === undefined) return { name: "link" };
    if (!/^[A-Za-z0-9-]{4,64}$/.test(code)) throw a.error(`"${preview(code, 30)}" is not a link code.`);
    return { name: "link", code };
  },
};

function personOptions(a: Args): Omit<PersonOptions, "role"> {
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
    email: a.option("email", v.email),
  };
}

function task0(a: Args): number {
  return a.run(v.taskNumber, a.requiredText(0, "a task number", "T-42"));
}

function onlyTask(a: Args): number {
  a.allowOnly([]);
  const task = task0(a);
  a.atMost(1);
  return task;
}

function optionalText(a: Args, i: number, label: string, max: number): string | undefined {
  const t = a.text(i, `the ${label}`);
  return t === undefined ? undefined : a.run(v.text(label, max), t);
}

function noArgs<C extends Command>(a: Args, command: C): C {
  a.allowOnly([]);
  a.atMost(0);
  return command;
}

/** Drops undefined properties so results compare exactly and serialize cleanly. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as T;
}
