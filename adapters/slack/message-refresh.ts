import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Resolved } from "../../src/core.js";
import { renderMessage, type SlackMessage } from "./render-blocks.js";

export interface MessageRef {
  channel: string;
  ts: string;
  /** A private reply (e.g. to `/delegate show`): chat.update cannot touch it, its response_url can. */
  ephemeral?: boolean;
}

const containerSchema = z.object({
  container: z
    .object({ channel_id: z.string(), message_ts: z.string(), is_ephemeral: z.boolean() })
    .partial()
    .optional(),
  channel: z.object({ id: z.string() }).nullish(),
  message: z.object({ ts: z.string() }).nullish(),
});

/** The message a button was clicked in, if it was one (not a modal or the Home tab). */
export const messageOf = (body: unknown): MessageRef | undefined => {
  const parsed = containerSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  const channel = b.container?.channel_id ?? b.channel?.id;
  const ts = b.container?.message_ts ?? b.message?.ts;
  if (!channel || !ts) return undefined;
  return b.container?.is_ephemeral ? { channel, ts, ephemeral: true } : { channel, ts };
};

/**
 * After a decision, the message the buttons were in is redrawn from the task as it is now (the
 * core's click answer carries it, as the person who clicked may see it), with the outcome
 * underneath: "Approved T-3 (round 1) by Bob at …". Its old buttons are gone; buttons still
 * allowed (Submit after Start) come back with the new version.
 */
export const redrawn = (resolved: Resolved): SlackMessage =>
  resolved.current
    ? renderMessage(resolved.current, { footer: resolved.outcome.lines.join(" ") })
    : renderMessage(resolved.outcome);

/** Redraws a posted (not ephemeral) message in place. */
export const refreshMessage = async (
  client: webApi.WebClient,
  message: MessageRef,
  resolved: Resolved,
): Promise<void> => {
  await client.chat.update({ channel: message.channel, ts: message.ts, ...redrawn(resolved) });
};
