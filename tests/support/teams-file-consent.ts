import type { FakeBotConnector } from "./fake-bot-connector.js";
import { BOT, type TeamsClient, type TeamsUser } from "./teams-traffic.js";

/** Teams' file consent card (docs/teams.md, "Files"). */
export const CONSENT = "application/vnd.microsoft.teams.card.file.consent";

export type Attachment = {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content: Record<string, unknown>;
};

export const attachmentsOf = (a: Record<string, unknown> | undefined): Attachment[] =>
  Array.isArray(a?.attachments) ? (a.attachments as Attachment[]) : [];

/** The consent cards the bot posted in a user's personal chat, oldest first. */
export const consentCards = (connector: FakeBotConnector, user: TeamsUser): Attachment[] =>
  connector
    .posted(connector.personalConversationOf(user.id))
    .flatMap(attachmentsOf)
    .filter((a) => a.contentType === CONSENT);

/** Where Teams says an accepted file will live (the person's OneDrive): the file info card links it. */
export const sharePointUrl = (user: TeamsUser, file: string): string =>
  `https://contoso.sharepoint.com/personal/${user.name.toLowerCase()}/Documents/Applications/${file}`;

/**
 * What Teams posts when the person chooses Allow or Decline on a consent card: a
 * `fileConsent/invoke` with the card's context, and on accept an upload URL (here the fake
 * connector's, under `uploadName`). Resolves with our endpoint's HTTP status.
 */
export const answerConsent = async (
  client: TeamsClient,
  connector: FakeBotConnector,
  user: TeamsUser,
  action: "accept" | "decline",
  card: Attachment,
  uploadName = String(card.name),
): Promise<number> => {
  const context = card.content[action === "accept" ? "acceptContext" : "declineContext"];
  const res = await client.post({
    type: "invoke",
    name: "fileConsent/invoke",
    id: `f:${Math.random()}`,
    channelId: "msteams",
    serviceUrl: connector.url,
    from: user,
    recipient: BOT,
    conversation: {
      conversationType: "personal",
      tenantId: client.tenant,
      id: connector.personalConversationOf(user.id),
    },
    channelData: { tenant: { id: client.tenant } },
    value: {
      type: "fileUpload",
      action,
      context,
      ...(action === "accept"
        ? {
            uploadInfo: {
              contentUrl: sharePointUrl(user, String(card.name)),
              name: card.name,
              uploadUrl: connector.uploadUrl(uploadName),
              uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
              fileType: String(card.name).split(".").at(-1),
            },
          }
        : {}),
    },
  });
  await res.arrayBuffer();
  return res.status;
};
