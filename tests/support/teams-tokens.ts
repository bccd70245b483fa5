import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createServer, type Server } from "node:http";

/*
 * A loopback stand-in for the Bot Framework's OpenID endpoint: botbuilder reads the channel's
 * signing keys from its metadata URL, so a test can sign genuine tokens with its own key and
 * tell them apart from forged ones.
 */
export const ISSUER = "https://api.botframework.com";

const b64url = (data: Buffer | string): string => Buffer.from(data).toString("base64url");

export const signJwt = (key: KeyObject, kid: string, claims: Record<string, unknown>): string => {
  const head = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid }));
  const body = b64url(JSON.stringify(claims));
  const signature = createSign("RSA-SHA256").update(`${head}.${body}`).sign(key);
  return `${head}.${body}.${b64url(signature)}`;
};

export interface ChannelKeys {
  /** The key the channel publishes (sign with it to be trusted). */
  trusted: KeyObject;
  /** A key nobody published. */
  stranger: KeyObject;
  /** botbuilder's `ToBotFromChannelOpenIdMetadataUrl`. */
  metadataUrl: string;
  /** A token the channel would send to bot `appId`, for activities at `serviceUrl`. */
  token(appId: string, serviceUrl: string, extra?: Record<string, unknown>): string;
  close(): Promise<void>;
}

export const startChannelKeys = async (): Promise<ChannelKeys> => {
  const trusted = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = trusted.publicKey.export({ format: "jwk" });
  const keys: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(keys.address() as { port: number }).port}`;
    res.writeHead(200, { "content-type": "application/json" });
    if (req.url === "/keys") {
      res.end(
        JSON.stringify({
          keys: [
            {
              kty: "RSA",
              use: "sig",
              kid: "test-key",
              n: jwk.n,
              e: jwk.e,
              endorsements: ["msteams", "webchat", "directline", "emulator"],
            },
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
  const now = () => Math.floor(Date.now() / 1000);
  return {
    trusted: trusted.privateKey,
    stranger: stranger.privateKey,
    metadataUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    token: (appId, serviceUrl, extra = {}) =>
      signJwt(trusted.privateKey, "test-key", {
        iss: ISSUER,
        aud: appId,
        nbf: now() - 60,
        exp: now() + 3600,
        serviceurl: serviceUrl,
        ...extra,
      }),
    close: () => new Promise<void>((resolve) => keys.close(() => resolve())),
  };
};
