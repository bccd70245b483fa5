import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import {
  type AdapterRegistration,
  BUTTON_ACTIONS,
  type ChatAdapter,
  type Core,
  DeliveryError,
  type Directory,
  type PlatformLimits,
  type Route,
  type Sender,
  type Speaker,
  type View,
} from "../../../src/core.js";

/*
 * A third chat platform that lives only in the contract suite: plain JSON over HTTP. Commands and
 * clicks arrive as JSON at POST /json-webhook/messages and are answered with the rendered view;
 * notifications leave as JSON posted to the platform's outbound URL. It imports nothing of src/
 * but src/core.ts, and the server knows it only through its registration (one line).
 */

export const JSON_WEBHOOK = "json-webhook";
export const MESSAGES_PATH = "/json-webhook/messages";

export const JSON_WEBHOOK_LIMITS: PlatformLimits = {
  maxTextChars: 4000,
  maxActions: 10,
  maxFields: 20,
  mention: (person) => `@{${person.userId}}`,
  channelSpacingMs: 0,
};

/** A view as this platform shows it: one text, fields, buttons. */
export interface JsonMessage {
  text: string;
  fields: { label: string; value: string }[];
  actions: { label: string; action: string; task: number; version: number }[];
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Splits into parts of at most `max` characters: nothing is lost, the platform shows every part. */
const parts = (text: string, max: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += max) out.push(text.slice(i, i + max));
  return out;
};

export const renderJson = (view: View): JsonMessage[] => {
  const text = [view.title, ...view.lines, ...(view.items ?? []).map((i) => `• ${i.text}`)]
    .concat(view.usage ? [`Usage: ${view.usage}`] : [])
    .filter((l): l is string => Boolean(l))
    .join("\n");
  const texts = parts(text, JSON_WEBHOOK_LIMITS.maxTextChars);
  const fields = (view.fields ?? []).map((f) => ({
    label: clip(f.label, 200),
    value: clip(f.value, JSON_WEBHOOK_LIMITS.maxTextChars),
  }));
  const actions = (view.actions ?? []).map((a) => ({
    label: a.label,
    action: a.action,
    task: a.task,
    version: a.version,
  }));
  // One message per part of the text, then the fields and the buttons in groups within the limits.
  const messages: JsonMessage[] = texts.map((t) => ({ text: t, fields: [], actions: [] }));
  for (let i = 0; i < fields.length; i += JSON_WEBHOOK_LIMITS.maxFields)
    messages.push({ text: "", fields: fields.slice(i, i + JSON_WEBHOOK_LIMITS.maxFields), actions: [] });
  for (let i = 0; i < actions.length; i += JSON_WEBHOOK_LIMITS.maxActions)
    messages.push({ text: "", fields: [], actions: actions.slice(i, i + JSON_WEBHOOK_LIMITS.maxActions) });
  return messages;
};

const inbound = z.object({
  workspace: z.string().min(1),
  user: z.string().min(1),
  name: z.string().optional(),
  text: z.string().optional(),
  click: z
    .object({ action: z.enum(BUTTON_ACTIONS), task: z.number().int(), version: z.number().int() })
    .optional(),
});

const readJson = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > 100_000) throw new Error("too large");
    chunks.push(b);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
};

const reply = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
};

/** Everyone on this platform is named by their user id. */
const directory: Directory = {
  lookup: async (ref) => {
    const id = ref.id ?? ref.name;
    return id ? { userId: id, displayName: ref.name ?? id } : undefined;
  },
};

export const createJsonWebhookAdapter = (options: { core: Core; outboundUrl: string }): ChatAdapter => {
  const route: Route = async (req, res) => {
    if (req.method !== "POST") return reply(res, 405, { error: "POST only" });
    let parsed: z.infer<typeof inbound>;
    try {
      const body = inbound.safeParse(await readJson(req));
      if (!body.success) return reply(res, 400, { error: "not a message" });
      parsed = body.data;
    } catch {
      return reply(res, 400, { error: "not JSON" });
    }
    const speaker: Speaker = {
      platform: JSON_WEBHOOK,
      workspaceId: parsed.workspace,
      userId: parsed.user,
      ...(parsed.name ? { userName: parsed.name } : {}),
    };
    const click = parsed.click;
    const view = click
      ? await options.core.handle({
          kind: "click",
          speaker,
          button: click,
        })
      : await options.core.handle({ speaker, text: parsed.text ?? "", directory });
    reply(res, 200, { messages: renderJson(view) });
  };

  const sender: Sender = {
    platform: JSON_WEBHOOK,
    channelSpacingMs: JSON_WEBHOOK_LIMITS.channelSpacingMs,
    async send(delivery) {
      const to = delivery.to;
      const address =
        to.kind === "person"
          ? { workspace: to.workspaceId, user: to.userId }
          : { workspace: to.workspaceId, channel: to.channelId };
      let res: Response;
      try {
        res = await fetch(options.outboundUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ to: address, kind: delivery.kind, messages: renderJson(delivery.view) }),
        });
      } catch (e) {
        throw new DeliveryError(`webhook unreachable: ${e instanceof Error ? e.name : typeof e}`);
      }
      await res.body?.cancel();
      if (res.ok) return undefined;
      if (res.status === 429) {
        const seconds = Number(res.headers.get("retry-after"));
        throw new DeliveryError(
          "webhook rate limit",
          Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {},
        );
      }
      // Refused credentials or an unknown recipient do not mend by retrying.
      const permanent = [401, 403, 404, 410].includes(res.status);
      throw new DeliveryError(`webhook answered ${res.status}`, { permanent });
    },
  };

  return {
    platform: JSON_WEBHOOK,
    routes: { [MESSAGES_PATH]: route },
    sender,
    limits: JSON_WEBHOOK_LIMITS,
    start: async () => undefined,
    stop: async () => undefined,
  };
};

/** Its line in the registry. */
export const jsonWebhookRegistration = (outboundUrl: string): AdapterRegistration => ({
  platform: JSON_WEBHOOK,
  create: async ({ core }) => createJsonWebhookAdapter({ core, outboundUrl }),
});
