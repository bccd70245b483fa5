import type { z } from "zod";
import type { Command, UserRef } from "../domain/command.js";
import { DelegateError, isDelegateError } from "../domain/errors.js";
import {
  ASK_FORM,
  ASSIGN_FORM,
  CHANGES_FORM,
  FIELD_LIMITS,
  type FormField,
  fieldOf,
  SUBMIT_FORM,
} from "../views/form-fields.js";
import { mentionProblem, storableMention } from "./parse-args.js";
import * as v from "./parse-values.js";
import { usageOf } from "./usage.js";

/**
 * Forms (Slack modals, Teams cards) send their fields as strings, one per input, instead of a
 * command line. They are validated here with the parser's own value schemas, all at once, so a
 * form shows every problem next to its field; then they run as the command they stand for.
 * Field names, limits and the messages for empty required fields come from the forms'
 * descriptions (src/views/form-fields.ts), which adapters draw their inputs from.
 */
export type FormInput =
  | {
      kind: "assign";
      values: {
        user?: UserRef | undefined;
        title?: string | undefined;
        matter?: string | undefined;
        due?: string | undefined;
        est?: string | undefined;
        type?: string | undefined;
        notes?: string | undefined;
      };
    }
  | {
      kind: "submit";
      task: number;
      version: number;
      values: { notes?: string | undefined; spent?: string | undefined };
    }
  | {
      kind: "changes";
      task: number;
      version: number;
      values: { what?: string | undefined; reason?: string | undefined };
    }
  | {
      kind: "ask";
      task: number;
      version: number;
      values: { question?: string | undefined };
    };

/** The forms' fields, as the adapters draw them (one description: src/views/form-fields.ts). */
export const ASSIGN_FIELDS = ASSIGN_FORM.fields;
export const SUBMIT_FIELDS = SUBMIT_FORM.fields;
export const CHANGES_FIELDS = CHANGES_FORM.fields;
export const ASK_FIELDS = ASK_FORM.fields;

/** A required field's message when left empty. */
const missing = (field: FormField): string => field.errorMessage ?? `${field.label}: required.`;

/** Where a refusal that names no field is shown: the field the command is mostly about. */
const MAIN_FIELD: Record<FormInput["kind"], string> = {
  assign: "user",
  submit: "notes",
  changes: "what",
  ask: "question",
};

class FieldCheck {
  readonly errors: Record<string, string> = {};
  constructor(readonly usage: string) {}

  optional<T>(field: string, schema: z.ZodType<T, string>, raw: string | undefined): T | undefined {
    const value = raw?.trim();
    if (value === undefined || value === "") return undefined;
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    this.errors[field] = result.error.issues[0]?.message ?? "That value is not valid.";
    return undefined;
  }

  required<T>(field: string, schema: z.ZodType<T, string>, raw: string | undefined, missing: string) {
    if (raw === undefined || raw.trim() === "") {
      this.errors[field] = missing;
      return undefined;
    }
    return this.optional(field, schema, raw);
  }

  /** Throws one error carrying every field's problem; the first is the one-line message. */
  done(): void {
    const first = Object.values(this.errors)[0];
    if (first !== undefined) {
      throw new DelegateError("invalid", first, { usage: this.usage, fields: this.errors });
    }
  }
}

/** The command a form stands for, or a DelegateError with `fields`. */
export const commandOfForm = (form: FormInput): Command => {
  switch (form.kind) {
    case "assign": {
      const f = form.values;
      const c = new FieldCheck(usageOf("assign"));
      const field = (id: (typeof ASSIGN_FIELDS)[number]["id"]) => fieldOf(ASSIGN_FORM, id);
      const userProblem = f.user?.id || f.user?.name ? mentionProblem(f.user) : missing(field("user"));
      if (userProblem) c.errors.user = userProblem;
      const title = c.required(
        "title",
        v.text("title", FIELD_LIMITS.title),
        f.title,
        missing(field("title")),
      );
      const matter = c.required("matter", v.matterNumber("matter"), f.matter, missing(field("matter")));
      const due = c.required("due", v.text("due time", FIELD_LIMITS.due), f.due, missing(field("due")));
      const estMinutes = c.optional("est", v.duration("est"), f.est);
      const category = c.optional("type", v.category("type"), f.type);
      const notes = c.optional("notes", v.text("notes", FIELD_LIMITS.notes), f.notes);
      c.done();
      if (!f.user || title === undefined || matter === undefined || due === undefined) {
        throw new DelegateError("invalid", "The form is incomplete.", { usage: usageOf("assign") });
      }
      return {
        name: "assign",
        user: storableMention(f.user),
        title,
        matter,
        due: { kind: "time", text: due },
        ...(estMinutes === undefined ? {} : { estMinutes }),
        ...(category === undefined ? {} : { category }),
        ...(notes === undefined ? {} : { notes }),
      };
    }
    case "submit": {
      const c = new FieldCheck(usageOf("submit"));
      const notes = c.optional("notes", v.text("notes", FIELD_LIMITS.notes), form.values.notes);
      const spentMinutes = c.optional("spent", v.duration("spent"), form.values.spent);
      c.done();
      return {
        name: "submit",
        task: form.task,
        version: form.version,
        ...(notes === undefined ? {} : { notes }),
        ...(spentMinutes === undefined ? {} : { spentMinutes }),
      };
    }
    case "changes": {
      const c = new FieldCheck(usageOf("changes"));
      const what = c.required(
        "what",
        v.text("description of what to fix", FIELD_LIMITS.what),
        form.values.what,
        missing(fieldOf(CHANGES_FORM, "what")),
      );
      const reason = c.optional("reason", v.reason, form.values.reason);
      c.done();
      if (what === undefined) throw new DelegateError("invalid", "Say what to fix.");
      return {
        name: "changes",
        task: form.task,
        version: form.version,
        what,
        ...(reason === undefined ? {} : { reason }),
      };
    }
    case "ask": {
      const c = new FieldCheck(usageOf("ask"));
      const text = c.required(
        "question",
        v.text("question", FIELD_LIMITS.question),
        form.values.question,
        missing(fieldOf(ASK_FORM, "question")),
      );
      c.done();
      if (text === undefined) throw new DelegateError("invalid", "Say what to ask.");
      // A question is not pinned to a version: asking from an older message is still asking.
      return { name: "ask", task: form.task, text };
    }
  }
};

/**
 * A refusal of a form's command that names no field (no NDA on file, unknown matter, stale
 * task…) is pinned to the field it is about, so the form can show it inline.
 */
export const pinToField = (form: FormInput, e: unknown): unknown => {
  if (!isDelegateError(e) || e.fields) return e;
  let field = MAIN_FIELD[form.kind];
  if (form.kind === "assign" && form.values.matter && e.message.includes(form.values.matter.trim())) {
    field = "matter";
  }
  return new DelegateError(e.code, e.message, {
    ...(e.usage ? { usage: e.usage } : {}),
    fields: { [field]: e.message },
  });
};
