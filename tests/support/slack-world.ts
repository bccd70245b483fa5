import pino from "pino";
import { parseConfig } from "../../src/config.js";
import { type RunningServer, startServer } from "../../src/start-server.js";
import { TestClock } from "./core-harness.js";
import type { RecordedCall } from "./fake-slack-api.js";
import { type FakeSlackApi, startFakeSlackApi } from "./fake-slack-api.js";
import {
  blockActionsBody,
  eventBody,
  FORM,
  JSON_TYPE,
  postSigned,
  type SendOptions,
  SIGNING_SECRET,
  slashCommandBody,
  viewSubmissionBody,
  type Who,
} from "./slack-requests.js";
import { testDatabase } from "./test-database.js";

/**
 * The real server (src/start-server.ts) on a loopback port with the worker's test database, talking
 * to a fake Slack Web API; requests arrive over HTTP, signed as Slack signs them.
 */
export interface SlackWorld {
  server: RunningServer;
  fake: FakeSlackApi;
  clock: TestClock;
  base: string;
  events: string;
  command(who: Who, text: string, options?: SendOptions): Promise<Response>;
  /** The ack of a slash command, as JSON (or {} for an empty ack). */
  commandReply(who: Who, text: string): Promise<SlackReply>;
  click(
    who: Who,
    value: { action_id: string; value: string },
    message?: { channel: string; ts: string; ephemeral?: boolean },
  ): Promise<Response>;
  submitView(
    who: Who,
    view: { callback_id: string; private_metadata?: string; blocks: unknown[] },
    values: Record<string, Record<string, unknown>>,
  ): Promise<Response>;
  event(
    team: string,
    event: Record<string, unknown>,
    options?: SendOptions & { eventId?: string },
  ): Promise<Response>;
  /** Runs the outbox once, as its loop would. */
  deliver(): Promise<number>;
  close(): Promise<void>;
}

export interface SlackReply {
  response_type?: string;
  text?: string;
  blocks?: {
    type: string;
    text?: { text: string };
    elements?: { action_id?: string; value?: string; text?: unknown }[];
  }[];
}

export const startSlackWorld = async (
  env: Record<string, string> = {},
  options: { socketModeUrl?: string } = {},
): Promise<SlackWorld> => {
  const fake = await startFakeSlackApi();
  if (options.socketModeUrl) fake.openConnectionsAt(options.socketModeUrl);
  const clock = new TestClock(new Date("2026-12-01T14:00:00Z"));
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...(env.SLACK_CLIENT_ID ? {} : { SLACK_BOT_TOKEN: "xoxb-single-workspace" }),
    ...env,
  });
  const server = await startServer(config, pino({ level: "silent" }), {
    clock,
    database: await testDatabase(),
    scheduler: false,
    // The test runs the outbox itself (deliver()), on the test clock.
    outboxIntervalMs: 3_600_000,
  });
  const base = `http://127.0.0.1:${server.port}`;
  const events = `${base}/slack/events`;
  let n = 0;
  const world: SlackWorld = {
    server,
    fake,
    clock,
    base,
    events,
    command: (who, text, options) =>
      postSigned(events, slashCommandBody(who, text, fake.responseUrl(`cmd-${++n}`)), FORM, options),
    async commandReply(who, text) {
      const res = await world.command(who, text);
      if (res.status !== 200) throw new Error(`slash command answered ${res.status}`);
      const raw = await res.text();
      return raw === "" ? {} : (JSON.parse(raw) as SlackReply);
    },
    click: (who, value, message) =>
      postSigned(events, blockActionsBody(who, value, message, fake.responseUrl(`click-${++n}`)), FORM),
    submitView: (who, view, values) => postSigned(events, viewSubmissionBody(who, view, values), FORM),
    event: (team, event, options) =>
      postSigned(events, eventBody(team, event, options?.eventId), JSON_TYPE, options),
    deliver: async () => (await server.outbox?.tick()) ?? 0,
    close: async () => {
      // fetch keeps connections alive; close() would wait out their idle timeout.
      const stopping = server.stop();
      server.server.closeAllConnections();
      await stopping;
      await fake.close();
    },
  };
  return world;
};

/** Text of every section and context of a Block Kit message, for assertions. */
/** The last direct message the app posted to a user (the fake Slack API's record of it). */
export const lastDmTo = (world: SlackWorld, user: string): RecordedCall => {
  const dm = world.fake
    .calls("chat.postMessage")
    .filter((c) => c.body.channel === user)
    .at(-1);
  if (!dm) throw new Error(`no DM to ${user}`);
  return dm;
};

/** The parts of a modal (views.open) the tests read. */
export type SlackModal = { callback_id: string; private_metadata: string; blocks: { block_id?: string }[] };

export const blocksText = (blocks: unknown): string =>
  JSON.stringify(blocks ?? [])
    .match(/"text":"((?:[^"\\]|\\.)*)"/g)
    ?.map((m) => JSON.parse(`{${m}}`).text as string)
    .join("\n") ?? "";

/** The buttons of a Block Kit message: action id, label and value. */
export const buttonsOf = (blocks: unknown): { action_id: string; value: string; label: string }[] => {
  const out: { action_id: string; value: string; label: string }[] = [];
  for (const block of (blocks ?? []) as { type: string; elements?: Record<string, unknown>[] }[]) {
    if (block.type !== "actions") continue;
    for (const e of block.elements ?? []) {
      const text = e.text as { text?: string } | undefined;
      out.push({ action_id: String(e.action_id), value: String(e.value), label: text?.text ?? "" });
    }
  }
  return out;
};

/** The people of the Slack firm used by the tests, in one workspace. */
export const slackPeople = (team: string) => ({
  alice: { team, user: `UALICE${team}`, name: "alice" },
  bob: { team, user: `UBOB${team}`, name: "bob" },
  maria: { team, user: `UMARIA${team}`, name: "maria" },
  carol: { team, user: `UCAROL${team}`, name: "carol" },
});

/**
 * A firm set up from Slack: alice (admin, ran setup), bob (attorney), carol (attorney), maria
 * (professional in Manila, NDA on file, e-mail and zone from users.info), matter M-1.
 */
export const seedSlackFirm = async (world: SlackWorld, team: string) => {
  const p = slackPeople(team);
  world.fake.addUser({ id: p.bob.user, name: "bob", realName: "Bob Stone", email: `bob@${team}.law` });
  world.fake.addUser({ id: p.carol.user, name: "carol", realName: "Carol Diaz" });
  world.fake.addUser({
    id: p.maria.user,
    name: "maria",
    realName: "Maria Santos",
    email: `maria@${team}.lpo`,
    tz: "Asia/Manila",
  });
  const steps: [Who, string][] = [
    [p.alice, 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300'],
    [p.alice, `team add <@${p.bob.user}|bob> role:attorney rate:400`],
    [p.alice, `team add <@${p.carol.user}|carol> role:attorney`],
    [
      p.alice,
      `team add <@${p.maria.user}|maria> role:professional nda:2026-01-15 nda-expires:2027-01-15 cost:25`,
    ],
    [p.alice, 'matter add M-1 "Smith v. Jones"'],
  ];
  for (const [who, text] of steps) {
    const reply = await world.commandReply(who, text);
    if (reply.text?.startsWith("Error") || JSON.stringify(reply.blocks).includes(":x:")) {
      throw new Error(`seed step failed: ${text}: ${reply.text}`);
    }
  }
  return p;
};
