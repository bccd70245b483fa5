import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
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

/** PostgreSQL's jsonb key order: shorter keys first, then bytewise. */
const jsonbKeyOrder = (a: string, b: string): number =>
  Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * `value` with every object's keys in the order a jsonb column gives them back (undefined
 * members dropped, as JSON drops them), so a reference read back from the database compares
 * equal, as JSON text, to the same reference built from a new activity (the core compares them
 * that way before it rewrites the identity: src/services/actor.ts).
 */
export const inJsonbOrder = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(inJsonbOrder);
  if (typeof value !== "object" || value === null || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(jsonbKeyOrder)) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) out[key] = inJsonbOrder(member);
  }
  return out;
};

/**
 * The reference the core keeps for this conversation (on the speaker's identity, on a digest
 * channel): botbuilder's, without the id of the activity it was taken from — a proactive
 * message starts its own thread (see `toReference`), and an id that changes with every
 * activity would make the core rewrite the identity on every turn, a read included.
 */
export const conversationReferenceOf = (activity: Partial<Activity>): unknown => {
  const { activityId: _replyTo, ...reference } = TurnContext.getConversationReference(activity);
  return inJsonbOrder(reference);
};

/** The channel itself rather than the reply thread the command was said in (digest posts start a thread). */
export const channelReference = (r: StoredReference): StoredReference => ({
  ...r,
  conversation: { ...r.conversation, id: channelOf(r.conversation.id) },
});

export { isPersonal };
