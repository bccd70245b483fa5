import type { InputBlock, KnownBlock, ModalView } from "@slack/types";
import { z } from "zod";
import type { FormInput, View } from "../../src/core.js";
import { CATEGORIES, DEFECT_REASONS } from "../../src/core.js";
import { CALLBACK, type FormMetadata } from "./action-ids.js";
import { renderBlocks, SURFACE_BLOCKS } from "./render-blocks.js";
import { clip } from "./slack-text.js";

/**
 * The assign, submit, request-changes and ask modals. Block ids are the core's form field names
 * (src/commands/forms.ts), so field errors map straight back onto the inputs; the due date and
 * time are two inputs that make one `due` field.
 */
const VALUE = "value";

const plain = (text: string) => ({ type: "plain_text" as const, text });

const option = (value: string) => ({ text: plain(value.replace(/_/g, " ")), value });

const textInput = (
  block: string,
  label: string,
  opts: { optional?: boolean; multiline?: boolean; placeholder?: string; max?: number } = {},
): InputBlock => ({
  type: "input",
  block_id: block,
  label: plain(label),
  optional: opts.optional ?? false,
  element: {
    type: "plain_text_input",
    action_id: VALUE,
    multiline: opts.multiline ?? false,
    ...(opts.max ? { max_length: opts.max } : {}),
    ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}),
  },
});

const selectInput = (block: string, label: string, values: readonly string[]): InputBlock => ({
  type: "input",
  block_id: block,
  label: plain(label),
  optional: true,
  element: { type: "static_select", action_id: VALUE, options: values.map(option) },
});

const modal = (callback: string, title: string, submit: string, blocks: KnownBlock[], meta: FormMetadata) =>
  ({
    type: "modal",
    callback_id: callback,
    title: plain(title),
    submit: plain(submit),
    close: plain("Cancel"),
    private_metadata: JSON.stringify(meta),
    blocks,
  }) satisfies ModalView;

export const assignModal = (meta: FormMetadata): ModalView =>
  modal(
    CALLBACK.assign,
    "Assign a task",
    "Assign",
    [
      {
        type: "input",
        block_id: "user",
        label: plain("Assignee"),
        element: { type: "users_select", action_id: VALUE, placeholder: plain("Who does the work?") },
      },
      textInput("matter", "Matter", { placeholder: "M-2024-118", max: 64 }),
      textInput("title", "Title", { placeholder: "Review deposition exhibits", max: 200 }),
      textInput("notes", "Instructions", { optional: true, multiline: true, max: 3000 }),
      {
        type: "input",
        block_id: "due_date",
        label: plain("Due date"),
        element: { type: "datepicker", action_id: VALUE },
      },
      {
        type: "input",
        block_id: "due_time",
        label: plain("Due time (yours)"),
        optional: true,
        element: { type: "timepicker", action_id: VALUE, initial_time: "17:00" },
      },
      textInput("est", "Attorney time saved (estimate)", { optional: true, placeholder: "3h", max: 20 }),
      selectInput("type", "Type", CATEGORIES),
    ],
    meta,
  );

export const submitModal = (meta: FormMetadata & { task: number }): ModalView =>
  modal(
    CALLBACK.submit,
    `Submit T-${meta.task}`,
    "Submit",
    [
      textInput("notes", "Link or notes", { optional: true, multiline: true, max: 3000 }),
      textInput("spent", "Time spent", { optional: true, placeholder: "2.5h", max: 20 }),
    ],
    meta,
  );

export const changesModal = (meta: FormMetadata & { task: number }): ModalView =>
  modal(
    CALLBACK.changes,
    `Changes to T-${meta.task}`,
    "Send back",
    [
      textInput("what", "What to fix", { multiline: true, max: 3000 }),
      selectInput("reason", "Reason", DEFECT_REASONS),
    ],
    meta,
  );

export const askModal = (meta: FormMetadata & { task: number }): ModalView =>
  modal(
    CALLBACK.ask,
    `Ask about T-${meta.task}`,
    "Send",
    [textInput("question", "Question or blocker", { multiline: true, max: 2000 })],
    meta,
  );

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

/** A submitted modal as the core's form: Slack's inputs translated, nothing judged. */
export const formOf = (callback: string, state: ViewState, meta: FormMetadata): FormInput | undefined => {
  if (callback === CALLBACK.assign) {
    const user = read(state, "user");
    const date = read(state, "due_date");
    return {
      kind: "assign",
      values: {
        user: user ? { id: user } : undefined,
        title: read(state, "title"),
        matter: read(state, "matter"),
        due: date ? `${date} ${read(state, "due_time") ?? "17:00"}` : undefined,
        est: read(state, "est"),
        type: read(state, "type"),
        notes: read(state, "notes"),
      },
    };
  }
  if (meta.task === undefined || meta.version === undefined) return undefined;
  const at = { task: meta.task, version: meta.version };
  if (callback === CALLBACK.submit) {
    return { kind: "submit", ...at, values: { notes: read(state, "notes"), spent: read(state, "spent") } };
  }
  if (callback === CALLBACK.changes) {
    return { kind: "changes", ...at, values: { what: read(state, "what"), reason: read(state, "reason") } };
  }
  if (callback === CALLBACK.ask) return { kind: "ask", ...at, values: { question: read(state, "question") } };
  return undefined;
};

/** The core's field errors on this modal's blocks; a problem with no field goes on the first input. */
export const blockErrors = (blockIds: string[], view: View): Record<string, string> => {
  const first = blockIds[0] ?? "user";
  const errors: Record<string, string> = {};
  const entries = Object.entries(view.fieldErrors ?? {});
  if (entries.length === 0) entries.push([first, view.lines[0] ?? "That did not work."]);
  for (const [field, message] of entries) {
    const block = field === "due" ? "due_date" : field;
    const target = blockIds.includes(block) ? block : first;
    errors[target] = clip(errors[target] ? `${errors[target]} ${message}` : message, 2000);
  }
  return errors;
};
