import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createConsoleAdapter } from "../../adapters/console/console-adapter.js";
import { typedEquivalent } from "../../adapters/console/render-text.js";
import type { ChatAdapter } from "../../src/core.js";
import { openConsoleSession } from "../support/console-harness.js";
import { blocksText, startSlackWorld } from "../support/slack-world.js";
import { answerConsent, consentCards } from "../support/teams-file-consent.js";
import { startTeamsServer } from "../support/teams-server.js";
import { BOT, cardOf, cardText, teamsClient, teamsUser } from "../support/teams-traffic.js";
import type { ContractDriver, Rendered } from "./contract-suite.js";

/** The adapter the server's registry mounted for a platform. */
export const mounted = (adapters: ChatAdapter[], platform: string): ChatAdapter => {
  const found = adapters.find((a) => a.platform === platform);
  if (!found) throw new Error(`${platform} is not mounted`);
  return found;
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every object in a JSON tree, depth first. */
const objectsIn = (value: unknown): Json[] => {
  if (Array.isArray(value)) return value.flatMap(objectsIn);
  if (!isObject(value)) return [];
  return [value, ...Object.values(value).flatMap(objectsIn)];
};

/** Slack's escaping of `<`, `>` and `&` in mrkdwn, undone: the text as the person reads it. */
const decodeEntities = (text: string): string =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** A Block Kit message as shown: section, field, context and button texts; button and field groups. */
export const slackRendered = (body: Json): Rendered => {
  const blocks = Array.isArray(body.blocks) ? body.blocks : [];
  const texts: string[] = typeof body.text === "string" ? [decodeEntities(body.text)] : [];
  const actionGroups: number[] = [];
  const fieldGroups: number[] = [];
  const extra: string[] = [];
  for (const o of objectsIn(blocks)) {
    if (typeof o.text === "string") texts.push(decodeEntities(o.text));
    if (o.type === "actions" && Array.isArray(o.elements)) actionGroups.push(o.elements.length);
    if (Array.isArray(o.fields)) fieldGroups.push(o.fields.length);
    if (o.type === "button" && typeof o.value === "string") extra.push(o.value);
  }
  return { texts, actionGroups, fieldGroups, extra };
};

/** An Adaptive Card as shown: text blocks, facts and action titles; action and fact groups. */
export const teamsRendered = (card: Json): Rendered => {
  const texts: string[] = [];
  const actionGroups: number[] = [];
  const fieldGroups: number[] = [];
  for (const o of objectsIn(card)) {
    if (o.type === "TextBlock" && typeof o.text === "string") texts.push(o.text);
    if (o.type === "FactSet" && Array.isArray(o.facts)) {
      fieldGroups.push(o.facts.length);
      for (const f of o.facts.filter(isObject)) texts.push(String(f.title ?? ""), String(f.value ?? ""));
    }
    if (typeof o.type === "string" && o.type.startsWith("Action.") && typeof o.title === "string")
      texts.push(o.title);
    if (Array.isArray(o.actions) && (o.type === "AdaptiveCard" || o.type === "ActionSet"))
      actionGroups.push(o.actions.length);
  }
  return { texts, actionGroups, fieldGroups };
};

export const slackDriver = async (): Promise<ContractDriver> => {
  const world = await startSlackWorld();
  const team = `TCONTRACT${process.pid}`;
  const who = { team, user: "UCONTRACT", name: "casey" };
  return {
    adapter: mounted(world.server.adapters, "slack"),
    command: async (text) => {
      const reply = await world.commandReply(who, text);
      return `${reply.text ?? ""}\n${blocksText(reply.blocks)}`;
    },
    recipient: {
      kind: "person",
      personId: "contract-person",
      displayName: "Maria",
      platform: "slack",
      workspaceId: team,
      userId: "UMARIACONTRACT",
      userName: "maria",
      conversationRef: null,
    },
    lastRendered: () => {
      const posts = world.fake
        .calls()
        .filter((c) => c.method === "chat.postMessage" || c.method === "files.completeUploadExternal");
      const last = posts.at(-1);
      if (!last) throw new Error("nothing was posted to Slack");
      return slackRendered(last.body);
    },
    actionShown: (a) => a.label,
    failNext: (failure) => {
      const method = "chat.postMessage";
      if (failure === "429") world.fake.failNext(method, { status: 429, retryAfter: 3 });
      else if (failure === "500") world.fake.failNext(method, { status: 500 });
      // The Web API answers 200 with its own codes: a revoked token, a user who is gone.
      else world.fake.failNext(method, { error: failure === "401" ? "invalid_auth" : "user_not_found" });
    },
    expectedOutcomes: { "429": "retry", "500": "retry", "401": "park", "404": "park" },
    retryAfterMs: 3000,
    // What reached the upload URL files.getUploadURLExternal handed out.
    lastFile: async () => {
      const uploaded = world.fake.uploads().at(-1);
      return uploaded && new Uint8Array(uploaded.bytes);
    },
    close: () => world.close(),
  };
};

export const teamsDriver = async (): Promise<ContractDriver> => {
  const t = await startTeamsServer();
  const tenant = `contract-tenant-${process.pid}`;
  const client = teamsClient(t.endpoint, t.connector, tenant);
  const casey = teamsUser(`Casey${process.pid}`);
  const maria = teamsUser(`MariaContract${process.pid}`);
  // A firm in the tenant: files are offered to people of a firm (docs/teams.md, "Files").
  if ((await client.say(casey, 'setup firm:"Contract LLP" tz:America/New_York rate:300')) !== 200)
    throw new Error("Teams did not answer setup");
  let uploads = 0;
  return {
    adapter: mounted(t.server.adapters, "teams"),
    command: async (text) => {
      const status = await client.say(casey, text);
      if (status !== 200) throw new Error(`Teams answered ${status}`);
      return cardText(cardOf(t.connector.posted(client.personalConversation(casey)).at(-1)));
    },
    recipient: {
      kind: "person",
      personId: "contract-person",
      displayName: "Maria",
      platform: "teams",
      workspaceId: tenant,
      // The id the core keeps for a Teams person: their AAD object id when Teams sends one.
      userId: maria.aadObjectId ?? maria.id,
      userName: maria.name,
      conversationRef: {
        serviceUrl: t.connector.url,
        channelId: "msteams",
        conversation: {
          id: client.personalConversation(maria),
          conversationType: "personal",
          tenantId: tenant,
        },
        user: { id: maria.id, name: maria.name },
        bot: BOT,
      },
    },
    lastRendered: () => {
      const last = t.connector.requests.filter((r) => Array.isArray(r.body.attachments)).at(-1);
      if (!last) throw new Error("nothing was posted to Teams");
      return teamsRendered(cardOf(last.body) as Json);
    },
    actionShown: (a) => a.label,
    failNext: (failure) => {
      // botbuilder's HTTP client itself retries a 429 three times after Retry-After before giving up.
      if (failure === "429") t.connector.failNext(429, 4, { "retry-after": "1" });
      // …and a 500 three times straight away.
      else if (failure === "500") t.connector.failNext(500, 4);
      else t.connector.failNext(Number(failure));
    },
    // 401: the bot's credentials were refused; Teams may accept them again once its token is renewed.
    expectedOutcomes: { "429": "retry", "500": "retry", "401": "retry", "404": "park" },
    retryAfterMs: 1000,
    // The file waits for consent: Maria chooses Allow on the card, and Teams' upload URL gets the bytes.
    lastFile: async () => {
      const card = consentCards(t.connector, maria).at(-1);
      if (!card) return undefined;
      const name = `contract-upload-${++uploads}`;
      const status = await answerConsent(client, t.connector, maria, "accept", card, name);
      if (status !== 200) throw new Error(`Teams answered the accept with ${status}`);
      const uploaded = t.connector.uploads().find((u) => u.name === name);
      return uploaded && new Uint8Array(uploaded.bytes);
    },
    close: () => t.stop(),
  };
};

export const consoleDriver = async (): Promise<ContractDriver> => {
  const exportDir = await mkdtemp(join(tmpdir(), "delegate-contract-"));
  const { session } = await openConsoleSession({ exportDir });
  let printed: string[] = [];
  const adapter = createConsoleAdapter({ print: (lines) => printed.push(...lines), exportDir });
  return {
    adapter,
    command: async (text) => (await session.handleLine(text)).join("\n"),
    recipient: {
      kind: "person",
      personId: "contract-person",
      displayName: "Maria",
      platform: "console",
      workspaceId: "console",
      userId: "maria",
      userName: "maria",
      conversationRef: null,
    },
    lastRendered: () => {
      const shown = { texts: printed, actionGroups: [], fieldGroups: [] };
      printed = [];
      return shown;
    },
    actionShown: typedEquivalent,
    lastFile: async () => {
      const saved = printed.map((l) => /^Saved to (.+)$/.exec(l)?.[1]).findLast((p) => p !== undefined);
      return saved ? new Uint8Array(await readFile(resolve(saved))) : undefined;
    },
    close: () => rm(exportDir, { recursive: true, force: true }),
  };
};
