import { z } from "zod";

/**
 * The parts of a Bot Framework activity Delegate relies on, zod-checked before anything reads
 * them. Unknown fields pass through untouched: botbuilder keeps the whole activity.
 */
const account = z.looseObject({
  id: z.string().min(1).max(400),
  name: z.string().max(400).optional(),
  aadObjectId: z.string().max(100).optional(),
});

const mentionEntity = z.looseObject({
  type: z.literal("mention"),
  mentioned: account,
  text: z.string().max(500).optional(),
});

export const inboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(400).optional(),
  name: z.string().max(200).optional(),
  serviceUrl: z.url().max(2000),
  channelId: z.string().min(1).max(100),
  from: account,
  recipient: account,
  conversation: z.looseObject({
    id: z.string().min(1).max(1000),
    conversationType: z.string().max(50).optional(),
    isGroup: z.boolean().optional(),
    tenantId: z.string().max(100).optional(),
  }),
  text: z.string().max(20_000).optional(),
  value: z.unknown().optional(),
  replyToId: z.string().max(400).optional(),
  entities: z.array(z.unknown()).max(100).optional(),
  channelData: z
    .looseObject({
      tenant: z.looseObject({ id: z.string().max(100) }).optional(),
      team: z.looseObject({ id: z.string().max(400) }).optional(),
    })
    .optional(),
  membersAdded: z.array(account).max(1000).optional(),
});

export type InboundActivity = z.infer<typeof inboundActivity>;
export type Mention = z.infer<typeof mentionEntity>;

/** Mention entities of an activity; other entity kinds (clientInfo…) are ignored. */
export const mentionsOf = (activity: InboundActivity): Mention[] =>
  (activity.entities ?? []).flatMap((e) => {
    const parsed = mentionEntity.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });

/** The tenant a Teams activity comes from (channelData wins, as Teams documents). */
export const tenantOf = (activity: InboundActivity): string | undefined =>
  activity.channelData?.tenant?.id ?? activity.conversation.tenantId;

/** A 1:1 chat with the bot: only the speaker can read what is posted there. */
export const isPersonal = (activity: Pick<InboundActivity, "conversation">): boolean =>
  activity.conversation.conversationType === "personal" ||
  (activity.conversation.conversationType === undefined && activity.conversation.isGroup !== true);

/** `19:…@thread.tacv2;messageid=123` (a reply thread) → the channel itself. */
export const channelOf = (conversationId: string): string =>
  conversationId.split(";messageid=")[0] ?? conversationId;
