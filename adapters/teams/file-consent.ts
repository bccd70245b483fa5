import type { Attachment, InvokeResponse, TurnContext } from "botbuilder";
import { z } from "zod";
import type { FileOffers, Speaker, ViewFile } from "../../src/core.js";

/**
 * A file for one person in Teams (docs/teams.md, "Files"). A bot may send a file only in a
 * personal chat, and only with the person's consent: it posts a file consent card (name, size,
 * accept and decline contexts); Teams answers with a `fileConsent/invoke` — on accept with an
 * upload URL in the person's OneDrive, where the bot PUTs the bytes and then posts a file info
 * card that opens the file; on decline, nothing is uploaded. The manifest declares
 * `supportsFiles`. The offered file waits in the database (the core's FileOffers), so the answer
 * may reach any replica, or come after a restart, within the hour.
 */
export const FILE_CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_TYPE = "application/vnd.microsoft.teams.card.file.info";

/** The consent card: what Teams shows before it lets the bot write into the person's OneDrive. */
export const consentAttachment = (file: ViewFile, offerId: string): Attachment => {
  const context = { offer: offerId, filename: file.filename };
  return {
    contentType: FILE_CONSENT_TYPE,
    name: file.filename,
    content: {
      description: `${file.filename}, for you only (SHA-256 ${file.sha256}).`,
      sizeInBytes: file.bytes.length,
      acceptContext: context,
      declineContext: context,
    },
  };
};

const consentValue = z.looseObject({
  type: z.literal("fileUpload"),
  action: z.enum(["accept", "decline"]),
  context: z.looseObject({ offer: z.string().min(1).max(100), filename: z.string().max(300) }),
  uploadInfo: z
    .looseObject({
      name: z.string().min(1).max(300),
      uploadUrl: z.url(),
      contentUrl: z.url(),
      uniqueId: z.string().min(1).max(200),
      fileType: z.string().max(50).optional(),
    })
    .optional(),
});

const OK: InvokeResponse = { status: 200 };

/** PUTs the whole file into the upload session Teams opened (one range: bytes 0 to n-1 of n). */
const upload = async (url: string, file: ViewFile): Promise<void> => {
  const n = file.bytes.length;
  const res = await fetch(url, {
    method: "PUT",
    headers: { "content-type": file.mediaType, "content-range": `bytes 0-${Math.max(n - 1, 0)}/${n}` },
    body: Buffer.from(file.bytes),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`upload answered ${res.status}`);
};

/** Answers a `fileConsent/invoke`: uploads on accept, says so on decline. */
export const answerFileConsent = async (
  context: TurnContext,
  offers: FileOffers,
  answeredBy: Pick<Speaker, "platform" | "workspaceId" | "userId">,
): Promise<InvokeResponse> => {
  const value = consentValue.safeParse(context.activity.value);
  if (!value.success) return { status: 400 };
  const { action, context: asked, uploadInfo } = value.data;
  // Accept or decline, the first answer takes the offer: it cannot upload later, nor twice.
  const file = await offers.take(asked.offer, answeredBy);
  if (action === "decline") {
    await context.sendActivity(
      `You declined ${asked.filename}: it was not saved anywhere. Ask again any time.`,
    );
    return OK;
  }
  if (!file) {
    await context.sendActivity(
      `${asked.filename} is no longer here to send (offers last an hour, and only to whom they were made): ask for it again.`,
    );
    return OK;
  }
  if (!uploadInfo) return { status: 400 };
  try {
    await upload(uploadInfo.uploadUrl, file);
  } catch {
    await context.sendActivity(
      `I could not save ${file.filename} to your OneDrive. Ask for it again in a moment.`,
    );
    return OK;
  }
  await context.sendActivity({
    type: "message",
    text: `Saved ${uploadInfo.name} to your OneDrive (SHA-256 ${file.sha256}).`,
    attachments: [
      {
        contentType: FILE_INFO_TYPE,
        contentUrl: uploadInfo.contentUrl,
        name: uploadInfo.name,
        content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType ?? "" },
      },
    ],
  });
  return OK;
};
