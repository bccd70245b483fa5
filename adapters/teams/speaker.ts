import type { Speaker } from "../../src/core.js";
import { channelOf, type InboundActivity, tenantOf } from "./activity.js";

/** Teams says this for a tenant it could not name (the Emulator sends none). */
export const NO_TENANT = "no-tenant";

/** The person Teams says is speaking: their AAD object id when Teams sends it, else the channel account id. */
export const teamsUserId = (account: { id: string; aadObjectId?: string | undefined }): string =>
  account.aadObjectId ?? account.id;

/**
 * Who is speaking, as the core needs it. `conversationRef` is the botbuilder conversation
 * reference of this conversation (with the latest serviceUrl); the core keeps it on the
 * identity, and on the channel binding for `digest here`.
 */
export const speakerOf = (activity: InboundActivity, conversationRef: unknown): Speaker => ({
  platform: "teams",
  workspaceId: tenantOf(activity) ?? NO_TENANT,
  userId: teamsUserId(activity.from),
  ...(activity.from.name ? { userName: activity.from.name } : {}),
  channelId: channelOf(activity.conversation.id),
  conversationRef,
});
