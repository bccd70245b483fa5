import type { webApi } from "@slack/bolt";
import type { ViewImage } from "../../src/core.js";
import type { SlackMessage } from "./render-blocks.js";

/** Slack refuses image descriptions longer than this (alt_txt_too_large). */
const ALT_TEXT_LIMIT = 1000;

const clipAlt = (alt: string): string =>
  alt.length <= ALT_TEXT_LIMIT ? alt : `${alt.slice(0, ALT_TEXT_LIMIT - 1)}…`;

/**
 * Posts a message with a picture (the digest's chart) to a channel as one message: the PNG is
 * uploaded (files.getUploadURLExternal, then the bytes to the URL Slack gave), then shared into
 * the channel with the message's blocks (files.completeUploadExternal), so the text and the
 * chart travel together when someone forwards them. The description goes as alt_txt (Slack's
 * own name for it, which the WebClient's typed helper misspells), for screen readers.
 * Needs the files:write scope.
 */
export const postWithImage = async (
  client: webApi.WebClient,
  channel: string,
  message: SlackMessage,
  image: ViewImage,
): Promise<void> => {
  const png = Buffer.from(image.pngBase64, "base64");
  const filename = `${
    image.title
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .toLowerCase() || "chart"
  }.png`;
  const target = (await client.apiCall("files.getUploadURLExternal", {
    filename,
    length: png.length,
    alt_txt: clipAlt(image.alt),
  })) as { upload_url?: string; file_id?: string };
  if (!target.upload_url || !target.file_id) throw new Error("files.getUploadURLExternal gave no upload URL");
  const uploaded = await fetch(target.upload_url, {
    method: "POST",
    headers: { "content-type": "image/png" },
    body: png,
  });
  if (!uploaded.ok) throw new Error(`Slack file upload HTTP ${uploaded.status}`);
  await client.files.completeUploadExternal({
    files: [{ id: target.file_id, title: image.title }],
    channel_id: channel,
    blocks: message.blocks,
  });
};
