import pino from "pino";
import { describe, expect, it } from "vitest";
import type { AdapterContext, AdapterRegistration, ChatAdapter, Route, Sender } from "../../src/core.js";
import { mountAdapters } from "../../src/start-server.js";

/*
 * The registry in the composition root vouches for every adapter it mounts: the name it is
 * stored under, its sender, and the paths it takes on the one server.
 */
const route: Route = (_req, res) => void res.end();

const adapter = (platform: string, paths: string[], senderPlatform = platform): ChatAdapter => ({
  platform,
  routes: Object.fromEntries(paths.map((p) => [p, route])),
  sender: { platform: senderPlatform, send: async () => undefined },
  limits: {
    maxTextChars: 100,
    maxActions: 5,
    maxFields: 5,
    mention: (p) => `@${p.userId}`,
    channelSpacingMs: 0,
  },
  start: async () => undefined,
  stop: async () => undefined,
});

const entry = (platform: string, built: ChatAdapter | undefined): AdapterRegistration => ({
  platform,
  create: async () => built,
});

// The registry's checks need no core or database: create() here ignores its context.
const context = { logger: pino({ level: "silent" }) } as unknown as AdapterContext;

const mount = async (registry: AdapterRegistration[]) => {
  const routes: Record<string, Route> = {};
  const senders: Sender[] = [];
  const mounted = await mountAdapters(registry, context, routes, senders);
  return { routes, senders, mounted };
};

describe("the adapter registry", () => {
  it("mounts each enabled adapter's routes and sender, and skips one the configuration leaves off", async () => {
    const { routes, senders, mounted } = await mount([
      entry("slack", adapter("slack", ["/slack/events"])),
      entry("teams", undefined),
      entry("json-webhook", adapter("json-webhook", ["/json-webhook/messages"])),
    ]);
    expect(Object.keys(routes)).toEqual(["/slack/events", "/json-webhook/messages"]);
    expect(senders.map((s) => s.platform)).toEqual(["slack", "json-webhook"]);
    expect(mounted.map((a) => a.platform)).toEqual(["slack", "json-webhook"]);
  });

  it("refuses a name of the wrong shape, a name registered twice, or an adapter under another name", async () => {
    await expect(mount([entry("Slack!", adapter("Slack!", []))])).rejects.toThrow(/not a platform name/);
    await expect(
      mount([entry("chat", adapter("chat", [])), entry("chat", adapter("chat", []))]),
    ).rejects.toThrow(/two adapters are registered as chat/);
    await expect(mount([entry("chat", adapter("other", []))])).rejects.toThrow(/another name/);
    await expect(mount([entry("chat", adapter("chat", [], "slack"))])).rejects.toThrow(/another name/);
  });

  it("refuses a path another adapter or the server itself already answers", async () => {
    await expect(
      mount([entry("a", adapter("a", ["/hook"])), entry("b", adapter("b", ["/hook"]))]),
    ).rejects.toThrow(/b wants \/hook, which is already taken/);
    await expect(mount([entry("a", adapter("a", ["/healthz"]))])).rejects.toThrow(/already taken/);
  });
});
