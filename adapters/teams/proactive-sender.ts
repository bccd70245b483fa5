import type { Activity } from "botbuilder";
import type { Logger } from "pino";
import { type Delivery, DeliveryError, type Sender } from "../../src/core.js";
import { cardMessage, renderCard, summaryOf } from "./card-render.js";
import { channelReference, type StoredReference, storedReference } from "./conversation-ref.js";
import { type Outbound, openPersonalChat, sendToConversation, sendToPersonalChat } from "./personal-chat.js";
import { TEAMS_LIMITS } from "./teams-limits.js";

/** The status and Retry-After of a failed connector call, whatever shape botbuilder's HTTP client gives. */
const httpFailure = (e: unknown): { status?: number; retryAfterMs?: number } => {
  if (typeof e !== "object" || e === null) return {};
  const status = "statusCode" in e && typeof e.statusCode === "number" ? e.statusCode : undefined;
  const response =
    "response" in e && typeof e.response === "object" && e.response !== null ? e.response : undefined;
  const headers = response && "headers" in response ? response.headers : undefined;
  let retryAfter: unknown;
  if (headers && typeof headers === "object" && "get" in headers && typeof headers.get === "function") {
    retryAfter = headers.get("retry-after");
  }
  const seconds = Number(retryAfter);
  return {
    ...(status === undefined ? {} : { status }),
    ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}),
  };
};

/** The core's references (src/services/conversation-refs.ts), as this sender uses them. */
export interface TeamsReach {
  /** Any reference from the tenant: its service URL and bot id open a 1:1 chat. */
  tenantReference(tenantId: string): Promise<unknown>;
  /** Keeps the reference of a chat the bot opened, on the person's identity. */
  remember(tenantId: string, userId: string, ref: StoredReference): Promise<void>;
}

const NO_CONVERSATION = "no Teams conversation with this recipient yet (they must message the bot once)";

/**
 * The outbox's way into Teams: each notification as an Adaptive Card, to a person in their
 * personal chat with the bot, or to the digest channel, through the stored conversation
 * reference (`continueConversationAsync`). Someone added by `team add` who never wrote to the bot
 * has no reference: the bot opens a 1:1 chat with them (`POST /v3/conversations`) at the service
 * URL its tenant is known by, keeps that reference, and sends there (docs/teams.md). 403/404 (bot
 * removed, user gone) park the notification; 429 is retried after Retry-After; anything else with
 * backoff.
 */
export const createTeamsSender = (out: Outbound, logger: Logger, reach?: TeamsReach): Sender => ({
  platform: "teams",
  channelSpacingMs: TEAMS_LIMITS.channelSpacingMs,
  async send(delivery: Delivery) {
    const to = delivery.to;
    const parsed = storedReference.safeParse(to.conversationRef);
    let send: (activity: Partial<Activity>) => Promise<string | undefined>;
    let refreshFor: string[] = [];
    if (parsed.success) {
      const ref = parsed.data;
      if (to.kind === "person" && ref.user) refreshFor = [ref.user.id];
      send = (activity) =>
        to.kind === "channel"
          ? sendToConversation(out, channelReference(ref), activity)
          : sendToPersonalChat(out, ref, activity);
    } else {
      if (to.kind !== "person" || !reach) throw new DeliveryError(NO_CONVERSATION);
      const via = storedReference.safeParse(await reach.tenantReference(to.workspaceId));
      if (!via.success) throw new DeliveryError(NO_CONVERSATION);
      // The tenant the chat is opened in is the recipient's, whatever the reference says.
      const inTenant = { ...via.data, conversation: { ...via.data.conversation, tenantId: to.workspaceId } };
      send = async (activity) => {
        const opened = await openPersonalChat(out, inTenant, to.userId, activity);
        await reach.remember(to.workspaceId, to.userId, opened.reference);
        return opened.id;
      };
    }
    const card = renderCard(delivery.view, refreshFor.length > 0 ? { refreshFor } : {});
    const activity = cardMessage(card, summaryOf(delivery.view));
    try {
      const id = await send(activity);
      return id ? { externalRef: { activityId: id } } : undefined;
    } catch (e) {
      const { status, retryAfterMs } = httpFailure(e);
      logger.warn({ outbox: delivery.id, kind: delivery.kind, status }, "teams delivery failed");
      if (status === 403 || status === 404) {
        throw new DeliveryError(
          `Teams refused the message (${status}): the bot was removed or the user is gone`,
          {
            permanent: true,
          },
        );
      }
      if (status === 429)
        throw new DeliveryError("Teams is rate limiting (429)", retryAfterMs ? { retryAfterMs } : {});
      throw new DeliveryError(status ? `Teams answered ${status}` : "could not reach Teams");
    }
  },
});
