import type { Activity } from "botbuilder";
import { describe, expect, it } from "vitest";
import { ReusingBotFrameworkAuthentication, Unauthorized } from "../../adapters/teams/bot-authentication.js";
import { Forbidden } from "../../adapters/teams/inbound-trust.js";

/*
 * The Teams adapter's BotFrameworkAuthentication: botbuilder's own, checking every request the
 * same way, but reusing connector clients across turns instead of building one (with its HTTP
 * pipeline) per activity.
 */
const activity = (serviceUrl: string): Activity =>
  ({
    type: "message",
    id: "1",
    channelId: "msteams",
    serviceUrl,
    from: { id: "29:user", name: "User" },
    recipient: { id: "28:bot", name: "Delegate" },
    conversation: { id: "a:personal", conversationType: "personal" },
    channelData: { tenant: { id: "tenant-1" } },
    text: "help",
  }) as unknown as Activity;

const A = "https://smba.trafficmanager.net/amer/";
const B = "https://smba.trafficmanager.net/emea/";

describe("ReusingBotFrameworkAuthentication", () => {
  it("hands every turn for the same service URL and audience the same connector client", async () => {
    const auth = new ReusingBotFrameworkAuthentication({}, { emulator: false });
    const first = await auth.authenticateRequest(activity(A), "");
    const second = await auth.authenticateRequest(activity(A), "");
    const clientA = await first.connectorFactory?.create(A, first.audience);
    expect(clientA).toBeDefined();
    expect(await second.connectorFactory?.create(A, second.audience)).toBe(clientA);
    // Proactive messages go through createConnectorFactory: the same clients.
    const proactive = auth.createConnectorFactory(second.claimsIdentity);
    expect(await proactive.create(A, first.audience)).toBe(clientA);
    // Another region is another client, with its own base URL.
    const clientB = await proactive.create(B, first.audience);
    expect(clientB).not.toBe(clientA);
    expect(clientB.conversations).toBeDefined();
    expect(await auth.createUserTokenClient(first.claimsIdentity)).toBe(
      await auth.createUserTokenClient(second.claimsIdentity),
    );
  });

  it("builds no connector client, for replies or proactive messages, to a service URL that is not trusted", async () => {
    const auth = new ReusingBotFrameworkAuthentication({}, { emulator: false });
    const turn = await auth.authenticateRequest(activity(A), "");
    const proactive = auth.createConnectorFactory(turn.claimsIdentity);
    for (const url of ["https://evil.example/", "http://10.0.0.5/internal", "http://127.0.0.1:9/"]) {
      await expect(proactive.create(url, turn.audience)).rejects.toBeInstanceOf(Forbidden);
      await expect(turn.connectorFactory?.create(url, turn.audience)).rejects.toBeInstanceOf(Forbidden);
    }
    // In emulator mode only loopback ones.
    const emulator = new ReusingBotFrameworkAuthentication({}, { emulator: true });
    const local = await emulator.authenticateRequest(activity("http://127.0.0.1:9/"), "");
    expect(await local.connectorFactory?.create("http://127.0.0.1:9/", local.audience)).toBeDefined();
    await expect(local.connectorFactory?.create(A, local.audience)).rejects.toBeInstanceOf(Forbidden);
    // And an activity for an untrusted service URL is refused before any turn.
    await expect(auth.authenticateRequest(activity("https://evil.example/"), "")).rejects.toBeInstanceOf(
      Forbidden,
    );
  });

  it("still refuses a request without a valid token when an app id is configured", async () => {
    const auth = new ReusingBotFrameworkAuthentication(
      {
        MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
        MicrosoftAppPassword: "not-a-real-secret",
        MicrosoftAppType: "MultiTenant",
      },
      { emulator: false },
    );
    await expect(auth.authenticateRequest(activity(A), "")).rejects.toBeInstanceOf(Unauthorized);
    await expect(auth.authenticateRequest(activity(A), "Bearer not-a-jwt")).rejects.toBeInstanceOf(
      Unauthorized,
    );
  });
});
