import type { FileOffers, Speaker, View, ViewFile } from "../../src/core.js";
import { storedReference } from "./conversation-ref.js";
import { consentAttachment } from "./file-consent.js";
import { type Outbound, sendToPersonalChat } from "./personal-chat.js";

/** Where a delivered file went, in words for the reply. */
export interface Delivered {
  where: string;
}

export type FileDelivery = (speaker: Speaker, file: ViewFile) => Promise<Delivered>;

/**
 * The Teams adapter's `deliverFile`: offers the file in the speaker's personal chat with the bot
 * (opened through the connector when they spoke in a channel), with a file consent card; the
 * bytes wait in the database and go to their OneDrive only when they accept (./file-consent.ts,
 * docs/teams.md).
 */
export const teamsFileDelivery =
  (out: Outbound, offers: FileOffers): FileDelivery =>
  async (speaker, file) => {
    const ref = storedReference.safeParse(speaker.conversationRef);
    if (!ref.success) throw new Error("no conversation reference for the speaker");
    const offerId = await offers.offer(speaker, file);
    await sendToPersonalChat(out, ref.data, {
      type: "message",
      attachments: [consentAttachment(file, offerId)],
    });
    return {
      where: `I offered you ${file.filename} in our personal chat: choose Allow there and Teams saves it to your OneDrive.`,
    };
  };

/** The view with a line saying where its file went (or that it could not be offered). */
export const withFileDelivered = async (
  view: View,
  speaker: Speaker,
  deliverFile: FileDelivery,
): Promise<View> => {
  const file = view.file;
  if (!file) return view;
  let line: string;
  try {
    line = (await deliverFile(speaker, file)).where;
  } catch {
    line = `I made ${file.filename} but could not offer it to you in Teams. Ask for it again in a moment.`;
  }
  const { file: _sent, ...rest } = view;
  return { ...rest, lines: [...view.lines, line] };
};
