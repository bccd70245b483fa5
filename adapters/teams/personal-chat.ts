import type { Activity, CloudAdapter, TurnContext } from "botbuilder";
import { isPersonal, type StoredReference, toReference } from "./conversation-ref.js";

/** Token audience for the public Bot Connector (what botbuilder uses by default). */
const CONNECTOR_AUDIENCE = "https://api.botframework.com";

export interface Outbound {
  adapter: CloudAdapter;
  /** Our Microsoft app id; "" in emulator mode. */
  appId: string;
}

/**
 * Runs a proactive turn that sends one activity. botbuilder hands errors thrown inside a turn
 * to the adapter's onTurnError, which swallows them; the outbox must see a 403 or a 429, so the
 * error is carried out of the turn and thrown here.
 */
const sendInTurn = async (
  run: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
  activity: Partial<Activity>,
): Promise<string | undefined> => {
  let id: string | undefined;
  let failure: { error: unknown } | undefined;
  await run(async (context) => {
    try {
      id = (await context.sendActivity(activity))?.id;
    } catch (error) {
      failure = { error };
    }
  });
  if (failure) throw failure.error;
  return id;
};

/** Posts into the referenced conversation itself (a personal chat, or the digest channel). */
export const sendToConversation = async (
  out: Outbound,
  ref: StoredReference,
  activity: Partial<Activity>,
): Promise<string | undefined> => {
  return sendInTurn(
    (logic) => out.adapter.continueConversationAsync(out.appId, toReference(ref), logic),
    activity,
  );
};

/**
 * Opens (or finds: Teams answers with the existing one) the 1:1 chat of `memberId` — a Teams user
 * id or an AAD object id — with the bot, through `POST {serviceUrl}/v3/conversations` with the
 * bot, the member, `isGroup: false` and the tenant (top level and `channelData.tenant`, which
 * Teams requires), then sends `activity` there. `via` is any reference from the same tenant: it
 * names the service URL and the bot. Returns the sent activity's id and a reference to the chat.
 */
export const openPersonalChat = async (
  out: Outbound,
  via: StoredReference,
  memberId: string,
  activity: Partial<Activity>,
): Promise<{ id: string | undefined; reference: StoredReference }> => {
  const tenantId = via.conversation.tenantId;
  let conversationId: string | undefined;
  const id = await sendInTurn(async (logic) => {
    await out.adapter.createConversationAsync(
      out.appId,
      via.channelId,
      via.serviceUrl,
      CONNECTOR_AUDIENCE,
      {
        isGroup: false,
        bot: { id: via.bot.id, name: via.bot.name ?? "" },
        members: [{ id: memberId, name: "" }],
        ...(tenantId ? { tenantId } : {}),
        channelData: tenantId ? { tenant: { id: tenantId } } : {},
      },
      async (context) => {
        conversationId = context.activity.conversation?.id;
        await logic(context);
      },
    );
  }, activity);
  if (!conversationId) throw new Error("the connector created no conversation");
  const reference: StoredReference = {
    serviceUrl: via.serviceUrl,
    channelId: via.channelId,
    conversation: {
      id: conversationId,
      conversationType: "personal",
      isGroup: false,
      ...(tenantId ? { tenantId } : {}),
    },
    user: { id: memberId },
    bot: { id: via.bot.id, ...(via.bot.name ? { name: via.bot.name } : {}) },
  };
  return { id, reference };
};

/**
 * Posts to the user of `ref` in their 1:1 chat with the bot. A reference from a channel or a
 * group chat is never used for the message itself — task text is for one person — so the
 * personal conversation is opened through the connector (Teams answers with the existing one).
 */
export const sendToPersonalChat = async (
  out: Outbound,
  ref: StoredReference,
  activity: Partial<Activity>,
): Promise<string | undefined> => {
  if (isPersonal(ref)) return sendToConversation(out, ref, activity);
  const user = ref.user;
  if (!user) throw new Error("no user in the conversation reference");
  return (await openPersonalChat(out, ref, user.id, activity)).id;
};
