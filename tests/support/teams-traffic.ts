import type { FakeBotConnector, RosterMember } from "./fake-bot-connector.js";

/**
 * Activities shaped like real Teams traffic (vercel/chat's recorded fixtures): channel
 * conversation ids `19:…@thread.tacv2;messageid=…`, `<at>Name</at>` mentions with a mention
 * entity, `channelData.tenant.id`, and `aadObjectId` that may be absent.
 */
export const BOT = { id: "28:delegate-bot-app-id", name: "Delegate" };

export interface TeamsUser extends RosterMember {}

export const teamsUser = (name: string, options: { aad?: boolean; email?: string } = {}): TeamsUser => ({
  id: `29:1${name.toLowerCase()}FakeBase64Id`,
  name,
  ...(options.aad === false
    ? {}
    : {
        aadObjectId: `00000000-0000-4000-8000-${name
          .toLowerCase()
          .padEnd(12, "0")
          .slice(0, 12)
          .replace(/[^0-9a-f]/g, "a")}`,
      }),
  ...(options.email ? { email: options.email } : {}),
});

export interface SaidOptions {
  /** Say it in a team channel (with an @mention of the bot) instead of the personal chat. */
  channel?: boolean;
  /** People mentioned with <at>Name</at> in the text. */
  mentions?: TeamsUser[];
  value?: unknown;
}

let activityCounter = 1767224924615;

export interface TeamsClient {
  tenant: string;
  channelConversation: string;
  personalConversation(user: TeamsUser): string;
  /** A message; resolves with the HTTP status of our endpoint. */
  say(user: TeamsUser, text: string, options?: SaidOptions): Promise<number>;
  /** An `adaptiveCard/action` invoke; resolves with the status and the parsed body. */
  invoke(
    user: TeamsUser,
    verb: string,
    data: unknown,
    options?: { channel?: boolean; trigger?: "manual" | "automatic" },
  ): Promise<{ status: number; body: InvokeBody }>;
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<Response>;
}

export interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: Card & { message?: string };
}

export interface Card {
  type?: string;
  body?: Record<string, unknown>[];
  actions?: Record<string, unknown>[];
  refresh?: { action?: { data?: unknown }; userIds?: string[] };
}

export const teamsClient = (endpoint: string, connector: FakeBotConnector, tenant: string): TeamsClient => {
  const channelConversation = `19:d441d38c655c47a085215b2726e76927@thread.tacv2;messageid=${activityCounter}`;
  const personalConversation = (user: TeamsUser) => connector.personalConversationOf(user.id);
  const base = (user: TeamsUser, channel: boolean) => ({
    id: String(++activityCounter),
    channelId: "msteams",
    serviceUrl: connector.url,
    timestamp: new Date().toISOString(),
    from: user,
    recipient: BOT,
    conversation: channel
      ? { isGroup: true, conversationType: "channel", tenantId: tenant, id: channelConversation }
      : { conversationType: "personal", tenantId: tenant, id: personalConversation(user) },
    channelData: {
      tenant: { id: tenant },
      ...(channel ? { team: { id: "19:team-general@thread.tacv2" } } : {}),
    },
  });
  const post = (activity: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(activity),
    });
  return {
    tenant,
    channelConversation,
    personalConversation,
    post,
    async say(user, text, options = {}) {
      const channel = options.channel ?? false;
      const mentions = options.mentions ?? [];
      const entities = [
        ...(channel ? [{ type: "mention", mentioned: BOT, text: `<at>${BOT.name}</at>` }] : []),
        // Teams' mention entities name the channel account, not the AAD id.
        ...mentions.map((m) => ({
          type: "mention",
          mentioned: { id: m.id, name: m.name },
          text: `<at>${m.name}</at>`,
        })),
      ];
      const res = await post({
        ...base(user, channel),
        type: "message",
        textFormat: "plain",
        text: channel ? `<at>${BOT.name}</at> ${text}` : text,
        entities,
        ...(options.value === undefined ? {} : { value: options.value }),
      });
      await res.arrayBuffer();
      return res.status;
    },
    async invoke(user, verb, data, options = {}) {
      const res = await post({
        ...base(user, options.channel ?? false),
        type: "invoke",
        name: "adaptiveCard/action",
        value: { action: { type: "Action.Execute", verb, data }, trigger: options.trigger ?? "manual" },
      });
      const text = await res.text();
      const parsed: unknown = text ? JSON.parse(text) : {};
      return {
        status: res.status,
        body: typeof parsed === "object" && parsed !== null ? (parsed as InvokeBody) : {},
      };
    },
  };
};

/** The Adaptive Card of a posted activity. */
export const cardOf = (activity: Record<string, unknown> | undefined): Card => {
  const attachments = activity?.attachments;
  if (!Array.isArray(attachments) || attachments.length === 0) throw new Error("no card in that activity");
  const first: unknown = attachments[0];
  if (typeof first !== "object" || first === null || !("content" in first))
    throw new Error("attachment without content");
  return first.content as Card;
};

/** Every text of a card (TextBlocks and facts), one per line, for assertions. */
export const cardText = (card: Card): string => {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (n.type === "FactSet" && Array.isArray(n.facts)) {
      for (const f of n.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    }
    walk(n.items);
    walk(n.body);
  };
  walk(card.body);
  return out.join("\n");
};

/** The Action.Execute buttons anywhere on a card (including inside Action.ShowCard), by title. */
export const executeActions = (
  card: Card,
): { title: string; verb: string; data: Record<string, unknown> }[] => {
  const found: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (actions: unknown): void => {
    if (!Array.isArray(actions)) return;
    for (const a of actions as Record<string, unknown>[]) {
      if (a.type === "Action.Execute") {
        found.push({ title: String(a.title), verb: String(a.verb), data: a.data as Record<string, unknown> });
      }
      if (a.type === "Action.ShowCard") walk((a.card as Card | undefined)?.actions);
    }
  };
  walk(card.actions);
  return found;
};

/** The data of the button titled `title`, with extra input values merged as Teams does. */
export const buttonData = (
  card: Card,
  title: string,
  inputs: Record<string, string> = {},
): { verb: string; data: Record<string, unknown> } => {
  const action = executeActions(card).find((a) => a.title === title);
  if (!action)
    throw new Error(
      `no button "${title}" on the card: ${executeActions(card)
        .map((a) => a.title)
        .join(", ")}`,
    );
  return { verb: action.verb, data: { ...action.data, ...inputs } };
};
