import { randomBytes } from "node:crypto";
import type { Attachment, InvokeResponse, TurnContext } from "botbuilder";
import { z } from "zod";
import type { ViewFile } from "../../src/core.js";
import { teamsUserId } from "./speaker.js";

/**
 * A file for one person in Teams (docs/teams.md, "Files"). A bot may send a file only in a
 * personal chat, and only with the person's consent: it posts a file consent card (name, size,
 * accept and decline contexts); Teams answers with a `fileConsent/invoke` — on accept with an
 * upload URL in the person's OneDrive, where the bot PUTs the bytes and then posts a file info
 * card that opens the file; on decline, nothing is uploaded. The manifest declares
 * `supportsFiles`.
 */
export const FILE_CONSENT_TYPE = "application/vnd.microsoft.teams.card.file.consent";
export const FILE_INFO_TYPE = "application/vnd.microsoft.teams.card.file.info";

/** How long an offered file waits for its accept (the bytes are held in this process's memory). */
const OFFER_TTL_MS = 60 * 60_000;

interface Offer {
  file: ViewFile;
  userId: string;
  expiresAt: number;
}

/** Files offered and not yet accepted or declined, by the token in the card's contexts. */
export class OfferedFiles {
  private readonly offers = new Map<string, Offer>();
  constructor(private readonly now: () => number = Date.now) {}

  offer(file: ViewFile, userId: string): string {
    this.forgetExpired();
    const token = randomBytes(16).toString("hex");
    this.offers.set(token, { file, userId, expiresAt: this.now() + OFFER_TTL_MS });
    return token;
  }

  /** The file offered to `userId` under `token`, once: an answered card cannot upload twice. */
  take(token: string, userId: string): ViewFile | undefined {
    this.forgetExpired();
    const offer = this.offers.get(token);
    if (!offer || offer.userId !== userId) return undefined;
    this.offers.delete(token);
    return offer.file;
  }

  private forgetExpired(): void {
    const now = this.now();
    for (const [token, offer] of this.offers) if (offer.expiresAt <= now) this.offers.delete(token);
  }
}

/** The consent card: what Teams shows before it lets the bot write into the person's OneDrive. */
export const consentAttachment = (file: ViewFile, token: string): Attachment => {
  const context = { offer: token, filename: file.filename };
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
  offered: OfferedFiles,
): Promise<InvokeResponse> => {
  const value = consentValue.safeParse(context.activity.value);
  if (!value.success) return { status: 400 };
  const { action, context: asked, uploadInfo } = value.data;
  const from = context.activity.from;
  const userId = teamsUserId({ id: from.id, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}) });
  const file = offered.take(asked.offer, userId);
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
