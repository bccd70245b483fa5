import type { DueSpec } from "../../domain/command.js";
import type { Args } from "../parse-args.js";
import * as v from "../parse-values.js";
import { preview } from "../tokenize.js";
import { type Builder, compact, onlyTask, optionalText, task0 } from "./shared.js";

/** The work itself: assign it, look at it, do it, review it, change it. */
export const TASK_BUILDERS = {
  assign: (a) => {
    a.allowOnly(["matter", "due", "court-deadline", "review", "est", "type", "notes"]);
    const user = a.user(0);
    const title = a.run(v.text("title", 200), a.requiredText(1, "a title", '"Review deposition exhibits"'));
    a.atMost(2);
    return compact({
      name: "assign" as const,
      user,
      title,
      matter: a.required("matter", v.matterNumber("matter")),
      due: dueSpec(a),
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
  ack: (a) => ({ name: "ack", task: onlyTask(a) }),
  start: (a) => ({ name: "start", task: onlyTask(a) }),

  ask: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const text = a.run(
      v.text("question", 2000),
      a.requiredText(1, "your question", '"Which custodians are in scope?"'),
    );
    a.atMost(2);
    return { name: "ask", task, text };
  },

  log: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const minutes = a.run(v.duration("time"), a.requiredText(1, "the time worked", "1.5h"));
    const note = optionalText(a, 2, "note", 1000);
    a.atMost(3);
    return compact({ name: "log" as const, task, minutes, note });
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
    a.allowOnly(["review"]);
    const task = task0(a);
    const comment = optionalText(a, 1, "comment", 4000);
    a.atMost(2);
    return compact({
      name: "approve" as const,
      task,
      comment,
      reviewMinutes: a.option("review", v.duration("review")),
    });
  },

  changes: (a) => {
    a.allowOnly(["reason", "review"]);
    const task = task0(a);
    const what = a.run(
      v.text("description of what to fix", 4000),
      a.requiredText(1, "what to fix", '"cite the 2019 ruling"'),
    );
    a.atMost(2);
    return compact({
      name: "changes" as const,
      task,
      what,
      reason: a.option("reason", v.reason),
      reviewMinutes: a.option("review", v.duration("review")),
    });
  },

  reassign: (a) => {
    a.allowOnly([]);
    const task = task0(a);
    const user = a.user(1);
    a.atMost(2);
    return { name: "reassign", task, user };
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
} satisfies Record<string, Builder>;

/** `due:"fri 5pm"`, or `court-deadline:2026-12-28 [review:2d]`: exactly one of the two. */
function dueSpec(a: Args): DueSpec {
  const court = a.option("court-deadline", v.isoDate("court-deadline"));
  if (court === undefined) {
    if (a.options.has("review")) {
      throw a.error("review: goes with court-deadline: (court days kept for your review), e.g. review:2d.");
    }
    return { kind: "time", text: a.required("due", v.text("due time", 200)) };
  }
  if (a.options.has("due")) {
    throw a.error("Give due: or court-deadline:, not both: the court deadline sets the due time.");
  }
  return { kind: "court", deadline: court, reviewDays: a.option("review", v.courtDays("review")) ?? 1 };
}
