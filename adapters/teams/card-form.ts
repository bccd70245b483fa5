import type { FormDescription, FormField } from "../../src/core.js";
import { type CardElement, textBlock } from "./card-elements.js";

/*
 * A core form (src/views/form-fields.ts) as Adaptive Card inputs: the assign form's card and the
 * Submit, Request changes and Ask cards inside a task's card.
 */

/** A date-and-time field is two inputs: `<id>Date` and `<id>Time`. */
export const dateInputId = (field: FormField): string => `${field.id}Date`;
export const timeInputId = (field: FormField): string => `${field.id}Time`;

/** A problem the core found with a field, shown right under its input. */
const problemBlock = (problem: string): CardElement =>
  textBlock(problem, { color: "attention", size: "Small", spacing: "None" });

/**
 * One field of a core form (src/views/form-fields.ts) as Adaptive Card inputs, with the value
 * the person gave and the core's problem with it. Required inputs carry the core's own message
 * as `errorMessage`, which Teams shows before sending.
 */
export const fieldInputs = (
  field: FormField,
  values: Record<string, string | undefined> = {},
  problems: Record<string, string> = {},
): CardElement[] => {
  const label = field.required ? field.label : `${field.label} (optional)`;
  const required = field.required
    ? { isRequired: true, errorMessage: field.errorMessage ?? `${field.label}: required.` }
    : {};
  const problem = problems[field.id];
  const after = problem ? [problemBlock(problem)] : [];
  const given = (id: string, fallback?: string) => {
    const v = values[id] ?? fallback;
    return v ? { value: v } : {};
  };
  const placeholder = field.placeholder ? { placeholder: field.placeholder } : {};
  switch (field.kind) {
    case "person":
      return [
        {
          type: "Input.ChoiceSet",
          id: field.id,
          label,
          ...required,
          // Teams' people picker: the answer is the person's AAD object id.
          "choices.data": { type: "Data.Query", dataset: "graph.microsoft.com/users?scope=currentContext" },
          choices: [],
          style: "filtered",
          ...given(field.id),
        },
        ...after,
      ];
    case "choice":
      return [
        {
          type: "Input.ChoiceSet",
          id: field.id,
          label,
          ...required,
          choices: (field.choices ?? []).map((c) => ({ title: c.replace(/_/g, " "), value: c })),
          ...given(field.id, field.initial),
        },
        ...after,
      ];
    case "dateTime":
      return [
        { type: "Input.Date", id: dateInputId(field), label, ...required, ...given(dateInputId(field)) },
        ...after,
        {
          type: "Input.Time",
          id: timeInputId(field),
          label: "Time",
          ...given(timeInputId(field), field.initial),
        },
      ];
    default:
      return [
        {
          type: "Input.Text",
          id: field.id,
          label,
          ...required,
          ...(field.kind === "multiline" ? { isMultiline: true } : {}),
          ...(field.maxLength ? { maxLength: field.maxLength } : {}),
          ...placeholder,
          ...given(field.id),
        },
        ...after,
      ];
  }
};

/** A form's inputs, in the description's order. */
export const formInputs = (
  form: FormDescription,
  values: Record<string, string | undefined> = {},
  problems: Record<string, string> = {},
): CardElement[] => form.fields.flatMap((f) => fieldInputs(f, values, problems));
