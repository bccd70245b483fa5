import type { webApi } from "@slack/bolt";
import { z } from "zod";
import type { Directory, Speaker } from "../../src/core.js";

/**
 * Who is speaking, as Slack says: (team id, user id) and where. The core decides who that is
 * to the firm; this only translates. Slack's payloads differ by surface, so each is parsed.
 */
export const speakerOf = (who: {
  teamId: string;
  userId: string;
  userName?: string | undefined;
  channelId?: string | undefined;
}): Speaker => ({
  platform: "slack",
  workspaceId: who.teamId,
  userId: who.userId,
  ...(who.userName ? { userName: who.userName } : {}),
  ...(who.channelId ? { channelId: who.channelId } : {}),
});

const id = z.string().min(1).max(40);

/** A block_actions or view_submission body: user, team, maybe channel. */
const interactionSchema = z.object({
  team: z.object({ id }).nullish(),
  user: z.object({
    id,
    team_id: id.optional(),
    username: z.string().optional(),
    name: z.string().optional(),
  }),
  channel: z.object({ id }).nullish(),
});

export const speakerOfInteraction = (body: unknown): Speaker | undefined => {
  const parsed = interactionSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  const teamId = b.team?.id ?? b.user.team_id;
  if (!teamId) return undefined;
  return speakerOf({
    teamId,
    userId: b.user.id,
    userName: b.user.username ?? b.user.name,
    channelId: b.channel?.id,
  });
};

const commandSchema = z.object({
  team_id: id,
  user_id: id,
  user_name: z.string().optional(),
  channel_id: id.optional(),
  text: z.string().max(8000).default(""),
  trigger_id: z.string().optional(),
});
export type SlashCommand = z.infer<typeof commandSchema>;

export const parseSlashCommand = (body: unknown): SlashCommand | undefined => {
  const parsed = commandSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
};

const userInfoSchema = z.object({
  user: z.object({
    id,
    name: z.string().optional(),
    real_name: z.string().optional(),
    tz: z.string().optional(),
    deleted: z.boolean().optional(),
    profile: z
      .object({
        display_name: z.string().optional(),
        real_name: z.string().optional(),
        email: z.string().optional(),
      })
      .optional(),
  }),
});

/**
 * `team add <@U123>`: the person's name, e-mail and time zone from `users.info`. A user Slack
 * does not know (or a call that fails) is "not found": the core says so.
 */
export const slackDirectory = (client: webApi.WebClient): Directory => ({
  lookup: async (ref) => {
    if (!ref.id) return undefined;
    try {
      const parsed = userInfoSchema.safeParse(await client.users.info({ user: ref.id }));
      if (!parsed.success || parsed.data.user.deleted) return undefined;
      const u = parsed.data.user;
      const displayName =
        u.profile?.real_name || u.real_name || u.profile?.display_name || u.name || ref.name || u.id;
      return {
        userId: u.id,
        displayName,
        ...(u.profile?.email ? { email: u.profile.email } : {}),
        ...(u.tz ? { tz: u.tz } : {}),
      };
    } catch {
      return undefined;
    }
  },
});
