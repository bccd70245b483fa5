import type { webApi } from "@slack/bolt";
import type { Speaker, ViewFile } from "../../src/core.js";

/** Where a delivered file went, in words for the reply, and the DM it was shared in. */
export interface Delivered {
  channel: string;
  fileId: string;
  where: string;
}

/**
 * Hands a file (a packet, an export) to one person privately: into the app's direct message with
 * them, never into the channel the command was said in. Slack's external upload flow
 * (docs/slack.md, "Files"): `conversations.open` with the user gives the DM's id;
 * `files.getUploadURLExternal` (filename, length) gives an upload URL and a file id; the bytes
 * are POSTed to that URL; `files.completeUploadExternal` (files, channel_id) shares the file in
 * the DM. Needs the files:write scope (and im:write to open the DM; chat:write covers posting).
 */
export const uploadToDirectMessage = async (
  client: webApi.WebClient,
  userId: string,
  file: ViewFile,
): Promise<Delivered> => {
  const opened = await client.conversations.open({ users: userId });
  const channel = opened.channel?.id;
  if (!channel) throw new Error("conversations.open gave no channel");
  const target = (await client.apiCall("files.getUploadURLExternal", {
    filename: file.filename,
    length: file.bytes.length,
  })) as { upload_url?: string; file_id?: string };
  if (!target.upload_url || !target.file_id) throw new Error("files.getUploadURLExternal gave no upload URL");
  const uploaded = await fetch(target.upload_url, {
    method: "POST",
    headers: { "content-type": file.mediaType },
    body: Buffer.from(file.bytes),
  });
  await uploaded.arrayBuffer();
  if (!uploaded.ok) throw new Error(`Slack file upload HTTP ${uploaded.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: file.filename }],
    channel_id: channel,
    initial_comment: `${file.filename} (SHA-256 ${file.sha256}), as you asked. Only you can see this conversation.`,
  });
  return {
    channel,
    fileId: target.file_id,
    where: sendingLine(file.filename),
  };
};

/** The adapter's `deliverFile`: a file to the speaker, privately. */
export type FileDelivery = (speaker: Speaker, file: ViewFile) => Promise<Delivered>;

export const sendingLine = (filename: string): string =>
  `Sending ${filename} to your direct message with Delegate (only you can see it there).`;

/** Slack's code when it gave one, never the file's contents. */
export const notDeliveredLine = (filename: string, e: unknown): string => {
  const code =
    typeof e === "object" && e !== null && "data" in e && typeof e.data === "object" && e.data !== null
      ? (e.data as { error?: unknown }).error
      : undefined;
  return `I made ${filename} but could not deliver it to your direct message${
    typeof code === "string" ? ` (Slack said ${code})` : ""
  }. Ask for it again in a moment; an admin can check that Delegate has the files:write and im:write scopes.`;
};
