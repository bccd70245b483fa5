import { TeamsInfo, type TurnContext } from "botbuilder";
import type { Directory, UserProfile } from "../../src/core.js";
import type { Mention } from "./activity.js";
import { teamsUserId } from "./speaker.js";

/**
 * The Teams roster of the conversation a command was said in, via the Bot Connector
 * (`TeamsInfo.getMember`). Answers are cached for the turn: a command naming someone looks
 * them up once to rewrite the mention and once more for `team add`'s profile.
 */
export interface RosterDirectory extends Directory {
  /** The id a mention stands for in our tables: the member's AAD object id when the roster has it. */
  idOfMention(mention: Mention): Promise<string>;
}

export const rosterDirectory = (context: TurnContext): RosterDirectory => {
  const cache = new Map<string, Promise<UserProfile | undefined>>();
  const member = (channelAccountId: string): Promise<UserProfile | undefined> => {
    let found = cache.get(channelAccountId);
    if (!found) {
      found = TeamsInfo.getMember(context, channelAccountId).then(
        (m): UserProfile => ({
          userId: teamsUserId({ id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}) }),
          displayName: m.name || m.givenName || channelAccountId,
          ...(m.email
            ? { email: m.email }
            : m.userPrincipalName?.includes("@")
              ? { email: m.userPrincipalName }
              : {}),
        }),
        // Not in this conversation's roster (or the connector is down): the core says who it can't find.
        () => undefined,
      );
      cache.set(channelAccountId, found);
    }
    return found;
  };
  // Rewritten mentions carry the AAD id; remember which channel account it came from.
  const accountOfId = new Map<string, string>();
  return {
    async idOfMention(mention) {
      const id =
        mention.mentioned.aadObjectId ?? (await member(mention.mentioned.id))?.userId ?? mention.mentioned.id;
      accountOfId.set(id, mention.mentioned.id);
      return id;
    },
    async lookup(ref) {
      if (!ref.id) return undefined;
      const profile = await member(accountOfId.get(ref.id) ?? ref.id);
      return profile ?? (ref.name ? { userId: ref.id, displayName: ref.name } : undefined);
    },
  };
};
