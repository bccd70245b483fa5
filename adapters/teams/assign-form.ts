import { z } from "zod";
import { ASSIGN_FORM, DEFAULT_DUE_TIME, type FormInput, type View } from "../../src/core.js";
import { VERBS } from "./card-action-ids.js";
import { type AdaptiveCard, type CardElement, executeAction } from "./card-elements.js";
import { formInputs } from "./card-form.js";
import { renderCard } from "./card-render.js";

/**
 * `assign` with no arguments: an Adaptive Card form drawn from the core's description of it
 * (src/views/form-fields.ts; the due time is a date and a time picker); the core validates
 * every field and its problems come back on the card, under their field.
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
      due: date && `${date} ${blank(v.dueTime) ?? DEFAULT_DUE_TIME}`,
      est: v.est,
      type: v.type,
      notes: v.notes,
    },
  };
};

export const assignFormCard = (options: { values?: FormValues; refusal?: View } = {}): AdaptiveCard => {
  // Drawn from the core's description of the form; each problem shows under its field.
  const body: CardElement[] = formInputs(
    ASSIGN_FORM,
    options.values ?? {},
    options.refusal?.fieldErrors ?? {},
  );
  const head: View = options.refusal
    ? {
        tone: "error",
        title: ASSIGN_FORM.title,
        lines: ["Nothing was assigned: please fix the fields marked below."],
        audience: "private",
      }
    : { tone: "info", title: ASSIGN_FORM.title, lines: [], audience: "private" };
  const card = renderCard(head, { extraBody: body });
  card.actions = [
    executeAction(ASSIGN_FORM.submit, VERBS.assignForm, { delegate: "assign-form" }, { style: "positive" }),
  ];
  return card;
};
