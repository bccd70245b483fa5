import { z } from "zod";
import { BUTTON_ACTIONS } from "../../src/core.js";

/**
 * What our card actions carry in `data` (Teams merges the card's input values into it).
 * Untrusted: zod-parsed here, then the core re-checks who clicked against the task.
 */
const taskNumber = z.coerce.number().int().min(1).max(2_147_483_647);
const version = z.coerce.number().int().min(0).max(2_147_483_647);

export const actionData = z.discriminatedUnion("delegate", [
  z.looseObject({ delegate: z.literal("button"), action: z.enum(BUTTON_ACTIONS), task: taskNumber, version }),
  // Request changes and Submit carry their card's inputs: checked field by field by the core.
  z.looseObject({
    delegate: z.literal("changes"),
    task: taskNumber,
    version,
    what: z.string().max(5000).optional(),
    reason: z.string().max(100).optional(),
  }),
  z.looseObject({
    delegate: z.literal("submit"),
    task: taskNumber,
    version,
    notes: z.string().max(5000).optional(),
    spent: z.string().max(100).optional(),
  }),
  z.looseObject({
    delegate: z.literal("ask"),
    task: taskNumber,
    version,
    question: z.string().max(5000).optional(),
  }),
  z.looseObject({ delegate: z.literal("refresh"), task: taskNumber }),
  z.looseObject({ delegate: z.literal("assign-form") }),
]);

export type ActionData = z.infer<typeof actionData>;

/** The `adaptiveCard/action` invoke value (Action.Execute). */
export const executeValue = z.looseObject({
  action: z.looseObject({
    type: z.literal("Action.Execute"),
    verb: z.string().max(100).optional(),
    data: z.unknown(),
  }),
  trigger: z.enum(["manual", "automatic"]).optional(),
});

export const VERBS = {
  refresh: "refresh",
  changes: "changes",
  submit: "submit",
  ask: "ask",
  assignForm: "assignForm",
} as const;
