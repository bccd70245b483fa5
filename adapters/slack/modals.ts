import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import {
  ASK_FORM,
  ASSIGN_FORM,
  CHANGES_FORM,
  FORMS,
  type FormDescription,
  type FormField,
  type FormInput,
  SUBMIT_FORM,
  type View,
} from "../../src/core.js";
import { CALLBACK, type FormMetadata } from "./action-ids.js";
import { renderBlocks, SURFACE_BLOCKS } from "./render-blocks.js";
import { clip } from "./slack-text.js";

/**
 * The assign, submit, request-changes and ask modals, drawn from the core's form descriptions
 * (src/views/form-fields.ts): block ids are the core's field ids, so field errors map straight
 * back onto the inputs; a date-and-time field is two inputs, `<id>_date` and `<id>_time`.
 */
const VALUE = "value";

/** Slack accepts at most 3,000 characters in a plain_text_input; longer text goes by command. */
export const PLAIN_TEXT_INPUT_MAX = 3000;

const plain = (text: string) => ({ type: "plain_text" as const, text });

const option = (value: string) => ({ text: plain(value.replace(/_/g, " ")), value });

const dateBlock = (field: FormField): string => `${field.id}_date`;
const timeBlock = (field: FormField): string => `${field.id}_time`;

/** One field of a core form as Slack input blocks (two for a date and a time). */
export const inputBlocks = (field: FormField): InputBlock[] => {
  const label = plain(clip(field.label, 2000));
  const optional = !field.required;
  const placeholder = field.placeholder ? { placeholder: plain(clip(field.placeholder, 150)) } : {};
  switch (field.kind) {
    case "person":
      return [
        {
          type: "input",
          block_id: field.id,
          label,
          optional,
          element: { type: "users_select", action_id: VALUE, ...placeholder },
        },
      ];
    case "choice": {
      const choices = field.choices ?? [];
      const initial =
        field.initial && choices.includes(field.initial) ? { initial_option: option(field.initial) } : {};
      return [
        {
          type: "input",
          block_id: field.id,
          label,
          optional,
          element: { type: "static_select", action_id: VALUE, options: choices.map(option), ...initial },
        },
      ];
    }
    case "dateTime":
      return [
        {
          type: "input",
          block_id: dateBlock(field),
          label,
          optional,
          element: { type: "datepicker", action_id: VALUE },
        },
        {
          type: "input",
          block_id: timeBlock(field),
          label: plain("Time"),
          optional: true,
          element: {
            type: "timepicker",
            action_id: VALUE,
            ...(field.initial ? { initial_time: field.initial } : {}),
          },
        },
      ];
    default:
      return [
        {
          type: "input",
          block_id: field.id,
          label,
          optional,
          element: {
            type: "plain_text_input",
            action_id: VALUE,
            multiline: field.kind === "multiline",
            ...(field.maxLength ? { max_length: Math.min(field.maxLength, PLAIN_TEXT_INPUT_MAX) } : {}),
            ...placeholder,
          },
        },
      ];
  }
};

const CALLBACK_OF: Record<FormDescription["kind"], string> = CALLBACK;

const modal = (form: FormDescription, title: string, meta: FormMetadata) =>
  ({
    type: "modal",
    callback_id: CALLBACK_OF[form.kind],
    title: plain(clip(title, 24)),
    submit: plain(clip(form.submit, 24)),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(meta),
    blocks: form.fields.flatMap(inputBlocks) as KnownBlock[],
  }) satisfies ModalView;

export const assignModal = (meta: FormMetadata): ModalView => modal(ASSIGN_FORM, ASSIGN_FORM.title, meta);

export const submitModal = (meta: FormMetadata & { task: number }): ModalView =>
  modal(SUBMIT_FORM, `${SUBMIT_FORM.title} T-${meta.task}`, meta);

export const changesModal = (meta: FormMetadata & { task: number }): ModalView =>
  modal(CHANGES_FORM, `${CHANGES_FORM.title} T-${meta.task}`, meta);

export const askModal = (meta: FormMetadata & { task: number }): ModalView =>
  modal(ASK_FORM, `${ASK_FORM.title} T-${meta.task}`, meta);

/** A modal showing the outcome, replacing the form once it went through. */
export const resultModal = (view: View): ModalView => ({
  type: "modal",
  title: plain("Delegate"),
  close: plain("Close"),
  blocks: renderBlocks(view, { maxBlocks: SURFACE_BLOCKS, withActions: false }),
});

/** Input values as Slack sends them in `view.state.values`. */
const inputSchema = z
  .object({
    value: z.string().nullish(),
    selected_user: z.string().nullish(),
    selected_date: z.string().nullish(),
    selected_time: z.string().nullish(),
    selected_option: z.object({ value: z.string() }).nullish(),
  })
  .loose();
const stateSchema = z.record(z.string(), z.record(z.string(), inputSchema));
export type ViewState = z.infer<typeof stateSchema>;

const read = (state: ViewState, block: string): string | undefined => {
  const input = state[block]?.[VALUE];
  const v =
    input?.value ??
    input?.selected_user ??
    input?.selected_date ??
    input?.selected_time ??
    input?.selected_option?.value;
  return v ?? undefined;
};

export const parseState = (values: unknown): ViewState => {
  const parsed = stateSchema.safeParse(values);
  return parsed.success ? parsed.data : {};
};

/** A field's answer; a date and a time make one (the time defaults to the field's initial). */
const answer = (state: ViewState, field: FormField): string | undefined => {
  if (field.kind !== "dateTime") return read(state, field.id);
  const date = read(state, dateBlock(field));
  return date ? `${date} ${read(state, timeBlock(field)) ?? field.initial ?? ""}`.trim() : undefined;
};

const answers = (form: FormDescription, state: ViewState): Record<string, string | undefined> =>
  Object.fromEntries(form.fields.map((f) => [f.id, answer(state, f)]));

/** A submitted modal as the core's form: Slack's inputs translated, nothing judged. */
export const formOf = (callback: string, state: ViewState, meta: FormMetadata): FormInput | undefined => {
  if (callback === CALLBACK.assign) {
    const { user, title, matter, due, est, type, notes } = answers(ASSIGN_FORM, state);
    return {
      kind: "assign",
      values: { user: user ? { id: user } : undefined, title, matter, due, est, type, notes },
    };
  }
  if (meta.task === undefined || meta.version === undefined) return undefined;
  const at = { task: meta.task, version: meta.version };
  if (callback === CALLBACK.submit) {
    const { notes, spent } = answers(SUBMIT_FORM, state);
    return { kind: "submit", ...at, values: { notes, spent } };
  }
  if (callback === CALLBACK.changes) {
    const { what, reason } = answers(CHANGES_FORM, state);
    return { kind: "changes", ...at, values: { what, reason } };
  }
  if (callback === CALLBACK.ask) {
    const { question } = answers(ASK_FORM, state);
    return { kind: "ask", ...at, values: { question } };
  }
  return undefined;
};

/** The core's field errors on this modal's blocks; a problem with no field goes on the first input. */
export const blockErrors = (blockIds: string[], view: View): Record<string, string> => {
  const first = blockIds[0] ?? "user";
  const errors: Record<string, string> = {};
  const entries = Object.entries(view.fieldErrors ?? {});
  if (entries.length === 0) entries.push([first, view.lines[0] ?? "That did not work."]);
  for (const [field, message] of entries) {
    const described = Object.values(FORMS)
      .flatMap((f) => f.fields)
      .find((f) => f.id === field);
    const block = described?.kind === "dateTime" ? dateBlock(described) : field;
    const target = blockIds.includes(block) ? block : first;
    errors[target] = clip(errors[target] ? `${errors[target]} ${message}` : message, 2000);
  }
  return errors;
};
