import type { Logger } from "pino";
import { type Delivery, DeliveryError, type Sender } from "../../src/core.js";
import { cardMessage, renderCard, summaryOf } from "./card-render.js";
import { channelReference, storedReference } from "./conversation-ref.js";
import { type Outbound, sendToConversation, sendToPersonalChat } from "./personal-chat.js";
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

/**
 * The outbox's way into Teams: each notification as an Adaptive Card, to a person in their
 * personal chat with the bot, or to the digest channel, through the stored conversation
 * reference (`continueConversationAsync`). 403/404 (bot removed, user gone) park the
 * notification; 429 is retried after Retry-After; anything else with backoff.
 */
export const createTeamsSender = (out: Outbound, logger: Logger): Sender => ({
  platform: "teams",
  channelSpacingMs: TEAMS_LIMITS.channelSpacingMs,
  async send(delivery: Delivery) {
    const parsed = storedReference.safeParse(delivery.to.conversationRef);
    if (!parsed.success) {
      // They were added by an admin but have never written to the bot: Teams gives us no address yet.
      throw new DeliveryError(
        "no Teams conversation with this recipient yet (they must message the bot once)",
      );
    }
    const ref = parsed.data;
    const to = delivery.to;
    const card = renderCard(
      delivery.view,
      to.kind === "person" && ref.user ? { refreshFor: [ref.user.id] } : {},
    );
    const activity = cardMessage(card, summaryOf(delivery.view));
    try {
      const id =
        to.kind === "channel"
          ? await sendToConversation(out, channelReference(ref), activity)
          : await sendToPersonalChat(out, ref, activity);
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
