import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { type ChannelKeys, ISSUER, signJwt, startChannelKeys } from "../support/teams-tokens.js";
import { BOT, teamsUser } from "../support/teams-traffic.js";

/*
 * With MICROSOFT_APP_ID set, /api/messages accepts only activities with a Bot Framework token
 * signed by a key the channel publishes. The test publishes its own key from a loopback OpenID
 * endpoint (botbuilder reads the keys from its metadata URL), so a genuinely signed token can
 * be told apart from a forged one.
 */
const APP_ID = "11111111-2222-3333-4444-555555555555";

describe("Teams with an app id: tokens are checked", () => {
  let keys: ChannelKeys;
  let t: TeamsTestServer;

  beforeAll(async () => {
    keys = await startChannelKeys();
    t = await startTeamsServer(
      {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "not-a-real-secret",
        MICROSOFT_APP_TYPE: "MultiTenant",
      },
      { openIdMetadataUrl: keys.metadataUrl },
    );
  });
  afterAll(async () => {
    await t.stop();
    await keys.close();
  });

  const user = teamsUser("Auth");
  const activity = () => ({
    type: "message",
    id: "1767224924999",
    channelId: "msteams",
    serviceUrl: t.connector.url,
    from: user,
    recipient: BOT,
    conversation: { conversationType: "personal", tenantId: "tenant-auth", id: "a:personal-auth" },
    channelData: { tenant: { id: "tenant-auth" } },
    text: 'setup firm:"Forged LLP" tz:America/New_York rate:300',
  });
  const post = (authorization?: string) =>
    fetch(t.endpoint, {
      method: "POST",
      headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity()),
    });
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: APP_ID,
    nbf: now() - 60,
    exp: now() + 3600,
    serviceurl: t.connector.url,
    ...extra,
  });

  it("refuses a request with no token, a malformed one, a forged one, or one for another bot, changing nothing", async () => {
    const before = await rowCounts(t.server.database);
    const refused = [
      await post(),
      await post("Bearer not-a-jwt"),
      await post(`Bearer ${signJwt(keys.stranger, "test-key", claims())}`),
      await post(`Bearer ${signJwt(keys.trusted, "test-key", claims({ aud: "someone-else" }))}`),
      await post(`Bearer ${signJwt(keys.trusted, "test-key", claims({ exp: now() - 3600 }))}`),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await rowCounts(t.server.database)).toEqual(before);
    expect(t.connector.requests).toEqual([]);
  });

  it("accepts a token signed by the channel's published key", async () => {
    // An invoke is answered in the HTTP response, so no outbound token (from Azure AD) is needed here.
    const res = await fetch(t.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${signJwt(keys.trusted, "test-key", claims())}`,
      },
      body: JSON.stringify({
        ...activity(),
        type: "invoke",
        name: "adaptiveCard/action",
        value: {
          action: { type: "Action.Execute", verb: "refresh", data: { delegate: "refresh", task: 1 } },
        },
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type?: string; value?: unknown };
    expect(body.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(JSON.stringify(body.value)).toContain("not connected to a firm");
  });
});
