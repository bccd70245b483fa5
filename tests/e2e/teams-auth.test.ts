import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { BOT, teamsUser } from "../support/teams-traffic.js";

/*
 * With MICROSOFT_APP_ID set, /api/messages accepts only activities with a Bot Framework token
 * signed by a key the channel publishes. The test publishes its own key from a loopback OpenID
 * endpoint (botbuilder reads the keys from its metadata URL), so a genuinely signed token can
 * be told apart from a forged one.
 */
const APP_ID = "11111111-2222-3333-4444-555555555555";
const ISSUER = "https://api.botframework.com";

const b64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

const signJwt = (key: KeyObject, kid: string, claims: Record<string, unknown>): string => {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
};

describe("Teams with an app id: tokens are checked", () => {
  const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  let keys: Server;
  let t: TeamsTestServer;

  beforeAll(async () => {
    const jwk = trusted.publicKey.export({ format: "jwk" });
    keys = createServer((req, res) => {
      const base = `http://127.0.0.1:${(keys.address() as { port: number }).port}`;
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url === "/keys") {
        res.end(
          JSON.stringify({
            keys: [
              { kty: "RSA", use: "sig", kid: "test-key", n: jwk.n, e: jwk.e, endorsements: ["msteams"] },
            ],
          }),
        );
      } else {
        res.end(
          JSON.stringify({
            issuer: ISSUER,
            jwks_uri: `${base}/keys`,
            id_token_signing_alg_values_supported: ["RS256"],
          }),
        );
      }
    });
    await new Promise<void>((resolve) => keys.listen(0, "127.0.0.1", resolve));
    const port = (keys.address() as { port: number }).port;
    t = await startTeamsServer(
      {
        MICROSOFT_APP_ID: APP_ID,
        MICROSOFT_APP_PASSWORD: "not-a-real-secret",
        MICROSOFT_APP_TYPE: "MultiTenant",
      },
      { openIdMetadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration` },
    );
  });
  afterAll(async () => {
    await t.stop();
    await new Promise<void>((resolve) => keys.close(() => resolve()));
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
      await post(`Bearer ${signJwt(stranger.privateKey, "test-key", claims())}`),
      await post(`Bearer ${signJwt(trusted.privateKey, "test-key", claims({ aud: "someone-else" }))}`),
      await post(`Bearer ${signJwt(trusted.privateKey, "test-key", claims({ exp: now() - 3600 }))}`),
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
        authorization: `Bearer ${signJwt(trusted.privateKey, "test-key", claims())}`,
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
