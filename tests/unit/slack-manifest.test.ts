import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BOT_EVENTS, BOT_SCOPES, SLASH_COMMAND } from "../../adapters/slack/action-ids.js";
import { EVENTS_PATH, REDIRECT_PATH } from "../../adapters/slack/slack-adapter.js";
import { USAGE } from "../../src/commands/usage.js";

/* The root manifest.json is the Slack app manifest: it must ask for what the adapter uses, no more. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const manifestSchema = z.object({
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.boolean(), messages_tab_enabled: z.boolean() }),
    slash_commands: z.array(
      z.object({ command: z.string(), url: z.string(), usage_hint: z.string(), should_escape: z.boolean() }),
    ),
  }),
  oauth_config: z.object({
    redirect_urls: z.array(z.string()),
    scopes: z.object({ bot: z.array(z.string()) }),
  }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string() }),
    socket_mode_enabled: z.boolean(),
  }),
});

const manifest = manifestSchema.parse(JSON.parse(readFileSync(join(ROOT, "manifest.json"), "utf8")));

describe("Slack app manifest", () => {
  it("declares /delegate, escaped mentions, with a usage hint naming real commands", () => {
    const [command, ...others] = manifest.features.slash_commands;
    expect(others).toEqual([]);
    expect(command?.command).toBe(SLASH_COMMAND);
    expect(command?.should_escape).toBe(true);
    expect(new URL(command?.url ?? "").pathname).toBe(EVENTS_PATH);
    const words = (command?.usage_hint ?? "").split("|").map((part) => part.trim().split(" ")[0] ?? "");
    for (const word of words) expect(Object.keys(USAGE)).toContain(word);
  });

  it("asks for exactly the bot scopes and events the adapter uses", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
  });

  it("sends interactivity and events to /slack/events, OAuth back to /slack/oauth_redirect, Socket Mode off", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(EVENTS_PATH);
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(EVENTS_PATH);
    expect(manifest.oauth_config.redirect_urls.map((u) => new URL(u).pathname)).toEqual([REDIRECT_PATH]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});
