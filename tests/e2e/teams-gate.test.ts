import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { startServer } from "../../src/start-server.js";
import { rowCounts } from "../support/core-harness.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { type ChannelKeys, startChannelKeys } from "../support/teams-tokens.js";
import { BOT, teamsUser } from "../support/teams-traffic.js";
import { testDatabase } from "../support/test-database.js";

/*
 * Who may talk to /api/messages (docs/security.md, "Teams"): nobody unless Teams is configured;
 * in emulator mode only this machine, directly, answering to this machine; with an app id only
 * Teams itself, for Teams' service URLs and the tenants served.
 */
const APP_ID = "11111111-2222-3333-4444-666666666666";
const SECRET = "Privileged merger memo for Acme";

const logSink = () => {
  const sink = { text: "" };
  const stream = new Writable({
    write(chunk, _encoding, done) {
      sink.text += String(chunk);
      done();
    },
  });
  return { sink, logger: pino({ level: "trace" }, stream) };
};

const user = teamsUser("Gate");
const activity = (serviceUrl: string, tenant: string, extra: Record<string, unknown> = {}) => ({
  type: "message",
  id: "1767224925000",
  channelId: "msteams",
  serviceUrl,
  from: user,
  recipient: BOT,
  conversation: { conversationType: "personal", tenantId: tenant, id: "a:personal-gate" },
  channelData: { tenant: { id: tenant } },
  text: `setup firm:"${SECRET}" tz:America/New_York rate:300`,
  ...extra,
});
/** A card refresh: answered in the HTTP response, so a token from Azure AD is never needed. */
const refresh = (serviceUrl: string, tenant: string, extra: Record<string, unknown> = {}) =>
  activity(serviceUrl, tenant, {
    type: "invoke",
    name: "adaptiveCard/action",
    text: undefined,
    value: { action: { type: "Action.Execute", verb: "refresh", data: { delegate: "refresh", task: 1 } } },
    ...extra,
  });

const post = (endpoint: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("Teams not configured", () => {
  it("has no /api/messages: 404, nothing changed", async () => {
    const database = await testDatabase();
    const server = await startServer(
      parseConfig({ PORT: "0", HOST: "127.0.0.1" }),
      pino({ level: "silent" }),
      { database, scheduler: false },
    );
    try {
      const before = await rowCounts(database);
      const res = await post(
        `http://127.0.0.1:${server.port}/api/messages`,
        activity("http://127.0.0.1:9/", "t"),
      );
      expect(res.status).toBe(404);
      expect(server.chatEndpoints).not.toContain("/api/messages");
      expect(server.senders.map((s) => s.platform)).not.toContain("teams");
      expect(await rowCounts(database)).toEqual(before);
    } finally {
      await server.stop();
    }
  });
});

describe("Teams emulator mode (TEAMS_EMULATOR=true)", () => {
  const { sink, logger } = logSink();
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer({ TEAMS_EMULATOR: "true" }, { logger });
  });
  afterAll(() => t.stop());

  it("says at start that it is on and what it is for", () => {
    expect(sink.text).toMatch(/"level":40,[^\n]*TEAMS_EMULATOR=true[^\n]*Never expose it/);
  });

  it("refuses any request carrying a forwarding header, changing nothing", async () => {
    const before = await rowCounts(t.server.database);
    const statuses = [];
    const forwardingHeaders: Record<string, string>[] = [
      { "x-forwarded-for": "203.0.113.7" },
      { forwarded: "for=203.0.113.7;proto=https" },
      { "x-real-ip": "203.0.113.7" },
      { "x-forwarded-host": "delegate.example" },
    ];
    for (const headers of forwardingHeaders) {
      statuses.push((await post(t.endpoint, activity(t.connector.url, "t-emu"), headers)).status);
    }
    expect(statuses).toEqual([403, 403, 403, 403]);
    expect(await rowCounts(t.server.database)).toEqual(before);
    expect(t.connector.requests).toEqual([]);
  });

  it("answers only to loopback service URLs: no Teams URL, no internal host, no credentials in the URL", async () => {
    const before = await rowCounts(t.server.database);
    const statuses = [];
    for (const serviceUrl of [
      "https://evil.example/",
      "http://10.0.0.5:8080/internal?x=1",
      "https://smba.trafficmanager.net/amer/",
      "http://user:pw@127.0.0.1:9/",
      "http://127.0.0.1.evil.example/",
    ]) {
      statuses.push((await post(t.endpoint, activity(serviceUrl, "t-emu"))).status);
    }
    expect(statuses).toEqual([403, 403, 403, 403, 403]);
    expect(await rowCounts(t.server.database)).toEqual(before);
    expect(t.connector.requests).toEqual([]);
    expect(sink.text).toContain("service URL not loopback");
    expect(sink.text).not.toContain(SECRET);
  });

  it("serves the Emulator's own channel and Teams-shaped traffic from this machine", async () => {
    const emulator = await post(t.endpoint, refresh(t.connector.url, "t-emu", { channelId: "emulator" }));
    expect(emulator.status).toBe(200);
    const teams = await post(t.endpoint, refresh(t.connector.url, "t-emu"));
    expect(teams.status).toBe(200);
    const webchat = await post(t.endpoint, refresh(t.connector.url, "t-emu", { channelId: "webchat" }));
    expect(webchat.status).toBe(403);
  });
});

describe("Teams with an app id: only Teams, its service URLs, the tenants served", () => {
  const { sink, logger } = logSink();
  let keys: ChannelKeys;
  let multi: TeamsTestServer;
  let single: TeamsTestServer;
  beforeAll(async () => {
    keys = await startChannelKeys();
    multi = await startTeamsServer(
      {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "not-a-real-secret",
        MICROSOFT_APP_TYPE: "MultiTenant",
        TEAMS_ALLOWED_TENANTS: "tenant-a, TENANT-B",
      },
      { openIdMetadataUrl: keys.metadataUrl, logger },
    );
    single = await startTeamsServer(
      {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "not-a-real-secret",
        MICROSOFT_APP_TYPE: "SingleTenant",
        MICROSOFT_APP_TENANT_ID: "tenant-home",
      },
      { openIdMetadataUrl: keys.metadataUrl, logger },
    );
  });
  afterAll(async () => {
    await multi.stop();
    await single.stop();
    await keys.close();
  });

  const send = (t: TeamsTestServer, body: { serviceUrl: string }) =>
    post(t.endpoint, body, { authorization: `Bearer ${keys.token(APP_ID, body.serviceUrl)}` });

  it("serves a genuine Teams activity from an allowed tenant", async () => {
    expect((await send(multi, refresh(multi.connector.url, "tenant-a"))).status).toBe(200);
    expect((await send(multi, refresh(multi.connector.url, "tenant-b"))).status).toBe(200);
    expect((await send(single, refresh(single.connector.url, "tenant-home"))).status).toBe(200);
  });

  it("refuses other channels, other tenants, no tenant, and tenant ids that disagree, with a bare 403", async () => {
    const before = await rowCounts(multi.server.database);
    const url = multi.connector.url;
    const refused = [
      await send(multi, activity(url, "tenant-a", { channelId: "webchat" })),
      await send(multi, activity(url, "tenant-a", { channelId: "directline" })),
      await send(multi, activity(url, "tenant-c")),
      await send(multi, activity(url, "tenant-a", { channelData: {}, conversation: { id: "a:x" } })),
      await send(multi, activity(url, "tenant-a", { channelData: { tenant: { id: "tenant-c" } } })),
      await send(single, activity(single.connector.url, "tenant-a")),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    for (const r of refused) expect(await r.json()).toEqual({ error: "forbidden" });
    expect(await rowCounts(multi.server.database)).toEqual(before);
    expect(multi.connector.requests).toEqual([]);
    expect(single.connector.requests).toEqual([]);
    for (const reason of ["channel not msteams", "tenant not allowed", "no tenant", "tenant ids disagree"]) {
      expect(sink.text).toContain(reason);
    }
    expect(sink.text).not.toContain(SECRET);
  });

  it("refuses service URLs that are not Teams' own, even with a token naming them", async () => {
    const refused = [];
    for (const serviceUrl of [
      "https://evil.example/amer/",
      "https://smba.trafficmanager.net.evil.example/amer/",
      "http://smba.trafficmanager.net/amer/",
      "https://smba.trafficmanager.net:8443/amer/",
      "http://127.0.0.1:9/",
    ]) {
      refused.push((await send(multi, activity(serviceUrl, "tenant-a"))).status);
    }
    expect(refused).toEqual([403, 403, 403, 403, 403]);
    expect(sink.text).toContain("service URL not Teams'");
  });

  it("still answers 401, not 403, to a request without a valid token (a stranger learns nothing of tenants)", async () => {
    const res = await post(
      multi.endpoint,
      activity(multi.connector.url, "tenant-c", { channelId: "webchat" }),
    );
    expect(res.status).toBe(401);
  });
});

describe("Teams settings", () => {
  it("refuses a test service URL in production, one that is not loopback, and emulator mode beside an app id", () => {
    expect(() =>
      parseConfig({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "x",
        TEAMS_TEST_SERVICE_URL: "http://127.0.0.1:3978/",
        NODE_ENV: "production",
      }),
    ).toThrow(/TEAMS_TEST_SERVICE_URL: is for tests and refused with NODE_ENV=production/);
    expect(() => parseConfig({ TEAMS_TEST_SERVICE_URL: "https://evil.example/" })).toThrow(
      /TEAMS_TEST_SERVICE_URL: must be a loopback URL/,
    );
    expect(() =>
      parseConfig({ MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "x", TEAMS_EMULATOR: "true" }),
    ).toThrow(/TEAMS_EMULATOR: is true, but MICROSOFT_APP_ID is set too/);
    expect(parseConfig({ TEAMS_ALLOWED_TENANTS: "A, b" }).TEAMS_ALLOWED_TENANTS).toEqual(["a", "b"]);
    expect(() =>
      parseConfig({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "x",
        MICROSOFT_APP_TYPE: "SingleTenant",
      }),
    ).toThrow(/MICROSOFT_APP_TENANT_ID: required with MICROSOFT_APP_TYPE=SingleTenant/);
    expect(() =>
      parseConfig({
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "x",
        MICROSOFT_APP_TYPE: "SingleTenant",
        MICROSOFT_APP_TENANT_ID: "home",
        TEAMS_ALLOWED_TENANTS: "home,other",
      }),
    ).toThrow(/TEAMS_ALLOWED_TENANTS: a single-tenant bot/);
    expect(() => parseConfig({ TEAMS_EMULATOR: "yes" })).toThrow(/TEAMS_EMULATOR: must be true or false/);
  });
});
