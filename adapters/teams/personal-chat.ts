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
  const tenantId = ref.conversation.tenantId;
  return sendInTurn(
    (logic) =>
      out.adapter.createConversationAsync(
        out.appId,
        ref.channelId,
        ref.serviceUrl,
        CONNECTOR_AUDIENCE,
        {
          isGroup: false,
          bot: { id: ref.bot.id, name: ref.bot.name ?? "" },
          members: [{ id: user.id, name: user.name ?? "" }],
          ...(tenantId ? { tenantId } : {}),
          channelData: tenantId ? { tenant: { id: tenantId } } : {},
        },
        logic,
      ),
    activity,
  );
};
