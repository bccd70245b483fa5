import { type Activity, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { checkActivity, Forbidden, type TeamsTrust, trustedServiceUrl } from "./inbound-trust.js";

// botbuilder does not re-export botframework-connector's classes; their types are taken from here.
type Inner = ConfigurationBotFrameworkAuthentication;
type ClaimsIdentity = Parameters<Inner["createConnectorFactory"]>[0];
type ConnectorFactory = ReturnType<Inner["createConnectorFactory"]>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory["create"]>>;
type UserTokenClient = Awaited<ReturnType<Inner["createUserTokenClient"]>>;
type AuthenticateRequestResult = Awaited<ReturnType<Inner["authenticateRequest"]>>;

/** The request's token was missing, malformed, forged, expired or for another bot. */
export class Unauthorized extends Error {
  constructor(readonly reason: string) {
    super("unauthorized");
    this.name = "Unauthorized";
  }
}

/**
 * Connector clients (and user-token clients) in use: a handful of service URLs (one per Teams
 * region) times audiences. The bound only guards memory against a flood of made-up service URLs.
 */
const MAX_CLIENTS = 64;

class ClientCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  get(key: string, make: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      // Most recently used last: the oldest entry is the one evicted.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const made = make();
    this.entries.set(key, made);
    // A failed creation (credentials could not be built) is not remembered.
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    if (this.entries.size > MAX_CLIENTS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return made;
  }
}

/** The bot app id botbuilder builds outbound credentials for: the token's audience, else its appid claim. */
const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue("aud") ?? identity.getClaimValue("appid") ?? "";

/**
 * botbuilder's configuration-driven authentication, unchanged in what it checks: every inbound
 * request's token is still validated by `authenticateRequest`. What changes is what a turn
 * builds afterwards. Out of the box every turn gets a new ConnectorClient and a new
 * UserTokenClient, each assembling its own Azure HTTP pipeline (a dozen policies, serializers,
 * options) — per activity, before a line of our code runs. Here the clients are kept per app id,
 * service URL and audience and reused by later turns and by proactive messages. They hold no
 * per-turn state (the access token is cached and refreshed by botbuilder's credentials, the
 * HTTP connections by Azure's shared client), so reusing them changes nothing but the cost.
 */
export class ReusingBotFrameworkAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly connectors = new ClientCache<ConnectorClient>();
  private readonly userTokens = new ClientCache<UserTokenClient>();

  constructor(
    config: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[0],
    private readonly trust: TeamsTrust,
  ) {
    super(config);
  }

  /**
   * Validates the token (botbuilder); a refusal becomes `Unauthorized`, whatever botbuilder threw.
   * Then the activity itself (inbound-trust.ts): from Teams, for a Teams service URL, from an
   * allowed tenant, or `Forbidden`. The token comes first, so a stranger learns nothing of
   * which tenants are served.
   */
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (e) {
      throw new Unauthorized(e instanceof Error ? e.name : "unknown");
    }
    checkActivity(this.trust, activity);
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) };
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  /**
   * Every connector client, for replies and for proactive messages alike, is for a trusted
   * service URL (inbound-trust.ts): a conversation reference stored before that rule (or by a
   * bug) cannot send task text anywhere else.
   */
  private reusing(identity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(identity);
    return {
      create: (serviceUrl: string, audience?: string) => {
        const refusal = trustedServiceUrl(this.trust, serviceUrl);
        if (refusal) return Promise.reject(new Forbidden(refusal));
        return this.connectors.get(JSON.stringify([appId, serviceUrl, audience ?? null]), () =>
          factory.create(serviceUrl, audience),
        );
      },
    };
  }
}
