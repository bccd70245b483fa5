import { z } from "zod";
import type { ButtonPayload } from "../../src/core.js";
import { BUTTON_ACTIONS } from "../../src/core.js";

/**
 * Ids Slack echoes back to us. Button values are untrusted: they carry only what the
 * dispatcher re-checks (action, task, version) and are parsed with zod like any input.
 */
export const SLASH_COMMAND = "/delegate";
/** Task buttons: `delegate_task:0`, `delegate_task:1`… (ids must be unique within a message). */
export const TASK_ACTION = /^delegate_task:\d+$/;
export const taskActionId = (i: number): string => `delegate_task:${i}`;
/** "More" under a long list: its value is the next page's command, typed as the user would. */
export const MORE_ACTION = "delegate_more";

export const CALLBACK = {
  assign: "delegate_assign",
  submit: "delegate_submit",
  changes: "delegate_changes",
  ask: "delegate_ask",
} as const;

/** Events the adapter listens to (the manifest subscribes to exactly these). */
export const BOT_EVENTS = ["app_home_opened", "app_uninstalled", "tokens_revoked"] as const;
/** Bot scopes: commands, DMs and digest posts (with their chart, an uploaded file), and profile reads for `team add`. */
export const BOT_SCOPES = [
  "chat:write",
  "chat:write.public",
  "commands",
  "files:write",
  // conversations.open: the direct message a packet or an export is uploaded into.
  "im:write",
  "users:read",
  "users:read.email",
];

const buttonSchema = z.object({
  action: z.enum(BUTTON_ACTIONS),
  task: z.number().int().min(1).max(2_147_483_647),
  version: z.number().int().min(1).max(2_147_483_647),
});

export const encodeButton = (b: ButtonPayload): string =>
  JSON.stringify({ action: b.action, task: b.task, version: b.version });

export const decodeButton = (value: string | undefined): ButtonPayload | undefined => {
  if (value === undefined || value.length > 200) return undefined;
  try {
    const parsed = buttonSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Only a next page: `list … page:n` or `audit … page:n`. The command is what the person could
 * type; the core parses and re-checks it as typed.
 */
const moreSchema = z
  .string()
  .max(300)
  .regex(/^(list (mine|review|overdue|all)|audit [^\n]+) page:\d{1,5}$/);

/** The command a "More" button runs, or undefined for anything else. */
export const decodeMore = (value: string | undefined): string | undefined =>
  moreSchema.safeParse(value).success ? value : undefined;

/** Task and version a form was opened for, plus the message to update afterwards. */
export const formMetadataSchema = z.object({
  task: z.number().int().min(1).optional(),
  version: z.number().int().min(1).optional(),
  channel: z.string().max(40).optional(),
  ts: z.string().max(40).optional(),
});
export type FormMetadata = z.infer<typeof formMetadataSchema>;

export const decodeMetadata = (text: string | undefined): FormMetadata => {
  try {
    const parsed = formMetadataSchema.safeParse(JSON.parse(text ?? "{}"));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
};
