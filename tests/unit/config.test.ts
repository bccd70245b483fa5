import { describe, expect, it } from "vitest";
import { ConfigError, hasChatCredentials, parseConfig } from "../../src/config.js";

describe("config", () => {
  it("has working defaults for an empty environment", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      PORT: 3000,
      DATA_DIR: "./data",
      ALERT_CRON: "*/5 * * * *",
      DIGEST_CRON: "0 8 * * 1",
    });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(hasChatCredentials(c)).toBe(false);
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SLACK_BOT_TOKEN: "xoxp-user-token", SLACK_SIGNING_SECRET: "s" }, "SLACK_BOT_TOKEN"],
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_SIGNING_SECRET"],
    [{ SLACK_CLIENT_ID: "1.2" }, "SLACK_CLIENT_SECRET, SLACK_STATE_SECRET"],
    [{ SLACK_API_URL: "not a url" }, "SLACK_API_URL"],
    [{ MICROSOFT_APP_ID: "abc" }, "MICROSOFT_APP_PASSWORD"],
    [{ MICROSOFT_APP_TYPE: "Anything" }, "MICROSOFT_APP_TYPE"],
    [{ ALERT_CRON: "every five minutes" }, "ALERT_CRON"],
    [{ ALERT_CRON: "every5min" }, "ALERT_CRON"],
    [{ DIGEST_CRON: "61 8 * * 1" }, "DIGEST_CRON"],
    [{ HOST: "localhost:3000" }, "HOST"],
    [{ HOST: "http://example.com" }, "HOST"],
    // A credential nothing else completes would otherwise be ignored without a word.
    [{ SLACK_SIGNING_SECRET: "s" }, "SLACK_SIGNING_SECRET"],
    [{ SLACK_APP_TOKEN: "xapp-1" }, "SLACK_APP_TOKEN"],
    [{ MICROSOFT_APP_PASSWORD: "pw" }, "MICROSOFT_APP_PASSWORD"],
    [{ MICROSOFT_APP_TENANT_ID: "tenant" }, "MICROSOFT_APP_TENANT_ID"],
    [{ SLACK_CLIENT_ID: "1.2", SLACK_CLIENT_SECRET: "x" }, "SLACK_STATE_SECRET"],
  ])("refuses %j in one line naming %s", (env, variable) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    // The whole message: one line, starting with the variable.
    expect(() => parseConfig(env)).toThrow(new RegExp(`^${variable}: \\S[^\\n]*$`));
  });

  it("says what else Slack needs when only SLACK_SIGNING_SECRET is set", () => {
    expect(() => parseConfig({ SLACK_SIGNING_SECRET: "s" })).toThrow(
      /SLACK_BOT_TOKEN \(one workspace\) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and DELEGATE_ENCRYPTION_KEY \(OAuth\)/,
    );
  });

  it("gives a cron schedule's example and no second message", () => {
    expect(() => parseConfig({ ALERT_CRON: "every5min" })).toThrow(
      /^ALERT_CRON: must be a cron schedule of five fields .*e\.g\. \*\/5 \* \* \* \* for every 5 minutes$/,
    );
  });

  it("accepts host names and addresses to listen on", () => {
    for (const host of ["0.0.0.0", "127.0.0.1", "::", "::1", "localhost", "delegate.internal"]) {
      expect(parseConfig({ HOST: host }).HOST).toBe(host);
    }
  });

  it("reports each problem on a line of its own", () => {
    expect(() => parseConfig({ PORT: "eighty", LOG_LEVEL: "loud" })).toThrow(/^PORT: .*\nLOG_LEVEL: .*$/);
  });

  it("treats empty strings as unset, as a .env file with blank lines would give", () => {
    const c = parseConfig({ DATABASE_URL: "", SLACK_BOT_TOKEN: " " });
    expect(c.DATABASE_URL).toBeUndefined();
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it("knows chat credentials when present", () => {
    expect(hasChatCredentials(parseConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }))).toBe(
      true,
    );
    expect(hasChatCredentials(parseConfig({ MICROSOFT_APP_ID: "id", MICROSOFT_APP_PASSWORD: "pw" }))).toBe(
      true,
    );
  });
});
