import { z } from "zod";
import type { FormInput, View } from "../../src/core.js";
import { CATEGORIES } from "../../src/core.js";
import { VERBS } from "./card-action-ids.js";
import { type AdaptiveCard, type CardElement, executeAction, renderCard, textBlock } from "./card-render.js";

/**
 * `assign` with no arguments: an Adaptive Card form. Its inputs are the core's form fields
 * (src/commands/forms.ts), except that the due time is a date and a time picker; the core
 * validates them all and its problems come back on the card, next to their field.
 */
const INPUTS = ["user", "matter", "title", "notes", "dueDate", "dueTime", "est", "type"] as const;
type Input = (typeof INPUTS)[number];
export type FormValues = Partial<Record<Input, string>>;

/** What Teams sends back: every input as a string (absent when left empty). */
export const formValues = z.looseObject({
  user: z.string().max(400).optional(),
  matter: z.string().max(5000).optional(),
  title: z.string().max(5000).optional(),
  notes: z.string().max(5000).optional(),
  dueDate: z.string().max(100).optional(),
  dueTime: z.string().max(100).optional(),
  est: z.string().max(100).optional(),
  type: z.string().max(100).optional(),
});

/** A people-picker answer is an AAD object id; typed text (the Emulator) is a name. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const blank = (s: string | undefined): string | undefined => (s?.trim() ? s.trim() : undefined);

/** The card's answers as the core's `assign` form; the two pickers make one due time. */
export const assignFormInput = (v: FormValues): FormInput => {
  const user = blank(v.user)?.replace(/^@/, "");
  const date = blank(v.dueDate);
  return {
    kind: "assign",
    values: {
      user: user === undefined ? undefined : GUID.test(user) ? { id: user } : { name: user },
      title: v.title,
      matter: v.matter,
      due: date && `${date} ${blank(v.dueTime) ?? "17:00"}`,
      est: v.est,
      type: v.type,
      notes: v.notes,
    },
  };
};

/** Core field names → the input each problem is shown under. */
const INPUT_OF: Record<string, Input> = { due: "dueDate" };

const input = (
  id: Input,
  label: string,
  extra: CardElement,
  v: FormValues,
  problems: Record<string, string>,
) => {
  const problem = problems[id];
  return [
    { id, label, ...extra, ...(v[id] ? { value: v[id] } : {}) },
    ...(problem ? [textBlock(problem, { color: "attention", size: "Small", spacing: "None" })] : []),
  ];
};

export const assignFormCard = (options: { values?: FormValues; refusal?: View } = {}): AdaptiveCard => {
  const v = options.values ?? {};
  const problems: Record<string, string> = {};
  for (const [field, message] of Object.entries(options.refusal?.fieldErrors ?? {})) {
    problems[INPUT_OF[field] ?? field] = message;
  }
  const body: CardElement[] = [
    ...input(
      "user",
      "Assign to",
      {
        type: "Input.ChoiceSet",
        isRequired: true,
        errorMessage: "Choose who does the work.",
        // Teams' people picker: the answer is the person's AAD object id.
        "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users?scope=currentContext" },
        choices: [],
        style: "filtered",
      },
      v,
      problems,
    ),
    ...input(
      "matter",
      "Matter",
      {
        type: "Input.Text",
        placeholder: "M-2024-118",
        isRequired: true,
        errorMessage: "Give the matter number.",
        maxLength: 64,
      },
      v,
      problems,
    ),
    ...input(
      "title",
      "Title",
      { type: "Input.Text", isRequired: true, errorMessage: "Give the task a title.", maxLength: 200 },
      v,
      problems,
    ),
    ...input(
      "notes",
      "Instructions",
      { type: "Input.Text", isMultiline: true, maxLength: 4000 },
      v,
      problems,
    ),
    ...input(
      "dueDate",
      "Due date (your time)",
      { type: "Input.Date", isRequired: true, errorMessage: "Choose the due date." },
      v,
      problems,
    ),
    ...input("dueTime", "Due time", { type: "Input.Time", value: "17:00" }, v, problems),
    ...input(
      "est",
      "Attorney time it saves (optional)",
      { type: "Input.Text", placeholder: "3h" },
      v,
      problems,
    ),
    ...input(
      "type",
      "Type",
      {
        type: "Input.ChoiceSet",
        value: "other",
        choices: CATEGORIES.map((c) => ({ title: c.replace(/_/g, " "), value: c })),
      },
      v,
      problems,
    ),
  ];
  const head: View = options.refusal
    ? {
        tone: "error",
        title: "Assign a task",
        lines: ["Nothing was assigned: please fix the fields marked below."],
        audience: "private",
      }
    : { tone: "info", title: "Assign a task", lines: [], audience: "private" };
  const card = renderCard(head, { extraBody: body });
  card.actions = [
    executeAction("Assign", VERBS.assignForm, { delegate: "assign-form" }, { style: "positive" }),
  ];
  return card;
};
