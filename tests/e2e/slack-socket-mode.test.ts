import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeSocketMode, startFakeSocketMode } from "../support/fake-socket-mode.js";
import { fixture, type Json, withIds } from "../support/replay.js";
import { blocksText, buttonsOf, type SlackWorld, startSlackWorld } from "../support/slack-world.js";

/*
 * Socket Mode (SLACK_APP_TOKEN, no public URL), proven against a local server that speaks
 * Slack's Socket Mode protocol: the app opens its connection through apps.connections.open on
 * the (fake) Web API, waits for `hello`, answers each envelope with an ack carrying its reply,
 * and connects again when told to `disconnect`. Payloads are recorded ones (tests/fixtures).
 */
const TEAM = "T0SOCKET";
const APP_TOKEN = "xapp-1-A0DELEGATE-1-socket";
const alice = { team: TEAM, user: "UALICESOCK", name: "alice" };
const maria = { team: TEAM, user: "UMARIASOCK", name: "maria" };

describe("Slack over Socket Mode", () => {
  let socket: FakeSocketMode;
  let world: SlackWorld;

  beforeAll(async () => {
    socket = await startFakeSocketMode();
    world = await startSlackWorld({ SLACK_APP_TOKEN: APP_TOKEN }, { socketModeUrl: socket.url });
  });
  afterAll(async () => {
    await world.close();
    await socket.close();
  });

  /** The recorded Socket Mode slash command envelope's payload, from `who`, saying `text`. */
  const command = async (who: { team: string; user: string }, text: string): Promise<Json> => {
    const recorded = fixture("slack/socket-mode-slash-command.json");
    const payload = withIds(recorded.payload as Json, {
      T111: who.team,
      U111: who.user,
      "/hello-socket-mode": "/delegate",
      [String((recorded.payload as Json).response_url)]: world.fake.responseUrl("socket"),
    });
    const ack = await socket.send("slash_commands", { ...payload, text });
    return ack.payload ?? {};
  };

  it("connects through apps.connections.open with the app-level token; no Slack HTTP endpoint is served", async () => {
    expect(socket.connections()).toBe(1);
    const [open] = world.fake.calls("apps.connections.open");
    expect(open?.token).toBe(APP_TOKEN);
    expect((await fetch(world.events, { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("a slash command gets its reply in the envelope's ack", async () => {
    const reply = await command(alice, 'setup firm:"Socket LLP" tz:America/New_York rate:300');
    expect(reply).toMatchObject({ response_type: "ephemeral" });
    expect(String(reply.text)).toContain("Socket LLP is set up");
    world.fake.addUser({ id: maria.user, name: "maria", realName: "Maria Santos", tz: "Asia/Manila" });
    expect(
      String((await command(alice, `team add <@${maria.user}|maria> role:professional nda:2026-01-15`)).text),
    ).toContain("Maria Santos");
    expect(String((await command(alice, 'matter add M-1 "Socket matter"')).text)).toContain("M-1");
  });

  it("a button click is acknowledged, then its message is redrawn", async () => {
    await command(alice, `assign <@${maria.user}|maria> "Index exhibits" matter:M-1 due:"2026-12-04 17:00"`);
    expect(await world.deliver()).toBe(1);
    const dm = world.fake.calls("chat.postMessage").at(-1);
    const start = buttonsOf(dm?.body.blocks).find((b) => b.label === "Start");
    if (!start) throw new Error("no Start button");
    const click = withIds(fixture("slack/block-actions-message.json"), {
      T00FAKE00AA: TEAM,
      U00FAKEUSER1: maria.user,
      C00FAKECHAN1: String(dm?.response?.channel),
      "1767326126.896109": String(dm?.response?.ts),
      "https://hooks.slack.com/actions/T00FAKE00AA/10231680918177/hMWwGmzsWEYbB4BjtNump6kO":
        world.fake.responseUrl("socket-click"),
    });
    const [action] = click.actions as Json[];
    click.actions = [{ ...action, action_id: start.action_id, value: start.value }];
    const updates = world.fake.calls("chat.update").length;
    const ack = await socket.send("interactive", click);
    expect(ack.payload ?? {}).toEqual({});
    const [update] = (await world.fake.waitFor("chat.update", updates + 1)).slice(updates);
    expect(update?.body).toMatchObject({ channel: dm?.response?.channel, ts: dm?.response?.ts });
    expect(blocksText(update?.body.blocks)).toContain("Started T-1");
  });

  it("told to disconnect, it connects again and goes on answering", async () => {
    await socket.recycle();
    expect(socket.connections()).toBe(2);
    expect(world.fake.calls("apps.connections.open")).toHaveLength(2);
    expect(String((await command(alice, "list all")).text)).toContain("T-1");
  });
});
