import type { Platform } from "../domain/vocabulary.js";
import { UnreadablePayload } from "../views/outbox-payload.js";
import type { View } from "../views/view.js";

/* What the outbox hands a platform's sender, and how a sender says a delivery failed (docs/adapter-contract.md). */

/** Where one notification goes, resolved to a platform address. */
export type Recipient =
  | {
      kind: "person";
      personId: string;
      displayName: string;
      platform: Platform;
      workspaceId: string;
      userId: string;
      userName: string | null;
      conversationRef: unknown;
    }
  | { kind: "channel"; platform: Platform; workspaceId: string; channelId: string; conversationRef: unknown };

export interface Delivery {
  id: number;
  kind: string;
  view: View;
  to: Recipient;
}

/**
 * What a sender throws when a platform refuses a message: `retryAfterMs` from a 429's
 * Retry-After; `permanent` when retrying cannot help (the bot was removed from the
 * conversation, the user is gone), so the notification is parked at once.
 */
export class DeliveryError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly permanent: boolean;
  constructor(message: string, options: { retryAfterMs?: number; permanent?: boolean } = {}) {
    super(message);
    this.name = "DeliveryError";
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent ?? false;
  }
}

/**
 * An adapter's way out. Resolves with the platform's reference to the posted message (kept,
 * so the message can be updated later) or throws to have the notification retried.
 */
export interface Sender {
  platform: Platform;
  /**
   * Least time between two posts to one channel (Slack takes about one message a second a channel,
   * Teams about seven): the adapter's declared limit (src/adapter-contract.ts); none when unset.
   */
  channelSpacingMs?: number;
  send(delivery: Delivery): Promise<{ externalRef?: unknown } | undefined>;
}

/** What became of one delivery: sent, to be tried again later, or parked for an admin to see. */
export type SendOutcome =
  | { kind: "ok"; externalRef?: unknown }
  | { kind: "retry"; error: string; retryAfterMs?: number }
  | { kind: "park"; error: string };

/** A sender's failure as the outbox treats it: a permanent DeliveryError parks, anything else retries. */
export const failureOutcome = (e: unknown): Extract<SendOutcome, { kind: "retry" | "park" }> => {
  const error = e instanceof Error ? e.message.slice(0, 300) : "send failed";
  if ((e instanceof DeliveryError && e.permanent) || e instanceof UnreadablePayload)
    return { kind: "park", error };
  const retryAfterMs = e instanceof DeliveryError ? e.retryAfterMs : undefined;
  return { kind: "retry", error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
};
