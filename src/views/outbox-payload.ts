import { z } from "zod";
import type { View } from "./view.js";

/**
 * What an outbox row carries: the view to deliver, tagged with the version of this shape so a
 * later release can read rows an earlier one queued. Version 1 is the view itself with `v: 1`
 * beside its keys; rows queued before versioning have no `v` and read as version 1.
 */
export const OUTBOX_PAYLOAD_VERSION = 1;

export type OutboxPayload = View & { v: typeof OUTBOX_PAYLOAD_VERSION };

/** A view as stored in the outbox. */
export const outboxPayloadOf = (view: View): OutboxPayload => ({ v: OUTBOX_PAYLOAD_VERSION, ...view });

/**
 * Checked on read: the keys every renderer relies on, with the rest of the view kept as stored
 * (renderers check what they draw). A newer version than this process knows is refused, so an
 * old replica parks what it cannot read rather than sending half of it.
 */
const storedView = z.looseObject({
  v: z.literal(OUTBOX_PAYLOAD_VERSION).optional(),
  tone: z.enum(["info", "success", "warning", "error"]),
  title: z.string().optional(),
  lines: z.array(z.string()),
  audience: z.enum(["private", "channel"]),
  fields: z.array(z.looseObject({ label: z.string(), value: z.string() })).optional(),
  items: z.array(z.looseObject({ text: z.string(), task: z.number().optional() })).optional(),
  actions: z.array(z.looseObject({ task: z.number(), version: z.number(), label: z.string() })).optional(),
});

/** Why a stored payload could not be read: delivering it cannot succeed, so it is parked. */
export class UnreadablePayload extends Error {
  constructor(detail: string) {
    super(`the stored notification cannot be read (${detail})`);
    this.name = "UnreadablePayload";
  }
}

/** The view an outbox row carries, from its stored JSON (either version), or UnreadablePayload. */
export const viewOfPayload = (stored: unknown): View => {
  const json = typeof stored === "string" ? safeJson(stored) : stored;
  const parsed = storedView.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UnreadablePayload(issue ? `${issue.path.join(".") || "payload"}: ${issue.code}` : "invalid");
  }
  const { v: _version, ...view } = parsed.data;
  return view as View;
};

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
