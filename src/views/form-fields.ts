import { CATEGORIES, DEFECT_REASONS } from "../domain/vocabulary.js";

/**
 * The core's forms, described once: every field's id (the name the core reads it by and the id
 * adapters give its input), kind, label, whether it is required, its length limit (the one the
 * core validates with, src/commands/forms.ts), placeholder, the message for a required field
 * left empty, and its choices. Slack modals and Teams cards are drawn from these; a field error
 * from the core names a field id here.
 */
export type FieldKind =
  /** A person of the workspace (Slack users_select, Teams people picker). */
  | "person"
  | "text"
  | "multiline"
  /** A date and a time in the speaker's zone; adapters may draw two pickers for it. */
  | "dateTime"
  /** 3h, 2.5h, 90m… */
  | "duration"
  | "choice";

export interface FormField {
  id: string;
  kind: FieldKind;
  label: string;
  required: boolean;
  /** Characters accepted, as the core validates them. */
  maxLength?: number;
  placeholder?: string;
  /** What the core answers when a required field is empty; platforms that check first show it too. */
  errorMessage?: string;
  /** For "choice": the values, shown with underscores as spaces. */
  choices?: readonly string[];
  /** Value the input starts with (a choice, or the time of a dateTime). */
  initial?: string;
}

export type FormKind = "assign" | "submit" | "changes" | "ask";

export interface FormDescription {
  kind: FormKind;
  title: string;
  /** The send button's label. */
  submit: string;
  fields: readonly FormField[];
}

/** Field limits, used by the descriptions below and by the core's validation of each field. */
export const FIELD_LIMITS = {
  title: 200,
  matter: 64,
  due: 200,
  notes: 4000,
  what: 4000,
  question: 2000,
  duration: 20,
} as const;

/** The time a due date means when none is given. */
export const DEFAULT_DUE_TIME = "17:00";

export const ASSIGN_FORM = {
  kind: "assign",
  title: "Assign a task",
  submit: "Assign",
  fields: [
    {
      id: "user",
      kind: "person",
      label: "Assign to",
      required: true,
      placeholder: "Who does the work?",
      errorMessage: "Choose who does the work.",
    },
    {
      id: "matter",
      kind: "text",
      label: "Matter",
      required: true,
      maxLength: FIELD_LIMITS.matter,
      placeholder: "M-2024-118",
      errorMessage: "Which matter is it for?",
    },
    {
      id: "title",
      kind: "text",
      label: "Title",
      required: true,
      maxLength: FIELD_LIMITS.title,
      placeholder: "Review deposition exhibits",
      errorMessage: "Give the task a title.",
    },
    { id: "notes", kind: "multiline", label: "Instructions", required: false, maxLength: FIELD_LIMITS.notes },
    {
      id: "due",
      kind: "dateTime",
      label: "Due (your time)",
      required: true,
      maxLength: FIELD_LIMITS.due,
      errorMessage: "When is it due?",
      initial: DEFAULT_DUE_TIME,
    },
    {
      id: "est",
      kind: "duration",
      label: "Attorney time saved (estimate)",
      required: false,
      maxLength: FIELD_LIMITS.duration,
      placeholder: "3h",
    },
    { id: "type", kind: "choice", label: "Type", required: false, choices: CATEGORIES, initial: "other" },
  ],
} as const satisfies FormDescription;

export const SUBMIT_FORM = {
  kind: "submit",
  title: "Submit",
  submit: "Submit for review",
  fields: [
    {
      id: "notes",
      kind: "multiline",
      label: "Link or notes",
      required: false,
      maxLength: FIELD_LIMITS.notes,
    },
    {
      id: "spent",
      kind: "duration",
      label: "Time spent",
      required: false,
      maxLength: FIELD_LIMITS.duration,
      placeholder: "2.5h",
    },
  ],
} as const satisfies FormDescription;

export const CHANGES_FORM = {
  kind: "changes",
  title: "Changes to",
  submit: "Send back",
  fields: [
    {
      id: "what",
      kind: "multiline",
      label: "What to fix",
      required: true,
      maxLength: FIELD_LIMITS.what,
      errorMessage: "Say what to fix.",
    },
    {
      id: "reason",
      kind: "choice",
      label: "Reason",
      required: false,
      choices: DEFECT_REASONS,
      initial: "other",
    },
  ],
} as const satisfies FormDescription;

export const ASK_FORM = {
  kind: "ask",
  title: "Ask about",
  submit: "Send question",
  fields: [
    {
      id: "question",
      kind: "multiline",
      label: "Question or blocker",
      required: true,
      maxLength: FIELD_LIMITS.question,
      errorMessage: "Say what to ask.",
    },
  ],
} as const satisfies FormDescription;

export const FORMS: Record<FormKind, FormDescription> = {
  assign: ASSIGN_FORM,
  submit: SUBMIT_FORM,
  changes: CHANGES_FORM,
  ask: ASK_FORM,
};

type FieldOf<F extends FormDescription> = F["fields"][number];

/** A field of a form by id (typed: a misspelt id does not compile). */
export const fieldOf = <F extends FormDescription, Id extends FieldOf<F>["id"]>(
  form: F,
  id: Id,
): Extract<FieldOf<F>, { id: Id }> => {
  const field = form.fields.find((f) => f.id === id);
  if (!field) throw new Error(`no field ${id} in the ${form.kind} form`);
  return field as Extract<FieldOf<F>, { id: Id }>;
};
