import type { ConversationReference } from "botbuilder";
import { z } from "zod";
import { channelOf, isPersonal } from "./activity.js";

/**
 * A stored conversation reference (the core keeps it as opaque JSON on the identity or the
 * channel binding), checked before we trust it for a proactive message.
 */
const account = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

export const storedReference = z.looseObject({
  serviceUrl: z.url(),
  channelId: z.string().min(1),
  conversation: z.looseObject({
    id: z.string().min(1),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
    tenantId: z.string().optional(),
  }),
  user: account.optional(),
  bot: account,
});

export type StoredReference = z.infer<typeof storedReference>;

export const toReference = (r: StoredReference): Partial<ConversationReference> => ({
  serviceUrl: r.serviceUrl,
  channelId: r.channelId,
  conversation: {
    id: r.conversation.id,
    isGroup: r.conversation.isGroup ?? false,
    conversationType: r.conversation.conversationType ?? "",
    name: "",
    ...(r.conversation.tenantId ? { tenantId: r.conversation.tenantId } : {}),
  },
  bot: { id: r.bot.id, name: r.bot.name ?? "" },
  ...(r.user ? { user: { id: r.user.id, name: r.user.name ?? "" } } : {}),
});

/** The channel itself rather than the reply thread the command was said in (digest posts start a thread). */
export const channelReference = (r: StoredReference): StoredReference => ({
  ...r,
  conversation: { ...r.conversation, id: channelOf(r.conversation.id) },
});

export { isPersonal };
