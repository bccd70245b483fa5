import { renderText } from "../../adapters/console/render-text.js";
import { DeliveryError, type Sender } from "../../src/notify/deliver.js";

/**
 * A small real HTTP client for a chat API (the shape of Slack's chat.postMessage), used as the
 * outbox's Sender for console identities: 429 → retry after Retry-After; other 4xx → permanent;
 * 5xx and no answer in time → retry with backoff.
 */
export const createHttpChatSender = (
  url: string,
  options: { timeoutMs?: number; channelSpacingMs?: number } = {},
): Sender => ({
  platform: "console",
  ...(options.channelSpacingMs === undefined ? {} : { channelSpacingMs: options.channelSpacingMs }),
  send: async (delivery) => {
    const to = delivery.to.kind === "person" ? `@${delivery.to.userId}` : `#${delivery.to.channelId}`;
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notification: delivery.id, to, text: renderText(delivery.view).join("\n") }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 300),
    });
    await res.text();
    if (res.status === 429) {
      throw new DeliveryError("rate limited", {
        retryAfterMs: Number(res.headers.get("retry-after") ?? "1") * 1000,
      });
    }
    if (res.status >= 400 && res.status < 500)
      throw new DeliveryError(`refused: ${res.status}`, { permanent: true });
    if (!res.ok) throw new Error(`chat API answered ${res.status}`);
    return undefined;
  },
});
