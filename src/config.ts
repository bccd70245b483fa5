import { isIP } from "node:net";
import { z } from "zod";
import {
  cronExpression,
  encryptionKeyBytes,
  HOST_NAME,
  optionalText,
  PORT_MESSAGE,
  postgresUrl,
} from "./config-values.js";

/**
 * The environment, read once and validated. Nothing else reads process.env (a lint rule
 * enforces it); adapters receive the typed slices they need.
 */
const envSchema = z.object({
  PORT: z.coerce
    .number({ error: PORT_MESSAGE })
    .int({ error: PORT_MESSAGE })
    .min(0, { error: PORT_MESSAGE })
    .max(65535, { error: PORT_MESSAGE })
    .default(3000),
  HOST: z
    .string()
    .trim()
    .refine(
      (v) => isIP(v) !== 0 || HOST_NAME.test(v),
      "must be an address or host name of this machine, without a port (that is PORT): 0.0.0.0 for every network interface, 127.0.0.1 for this machine only",
    )
    .default("0.0.0.0"),
  DATABASE_URL: postgresUrl,
  /** The tables' owner, for migrations; DATABASE_URL's role then owns nothing (docs/operations.md). */
  MIGRATION_DATABASE_URL: postgresUrl,
  DATA_DIR: z.string().trim().min(1, "must be a folder, e.g. ./data").default("./data"),
  /** Where the console saves packets and exports (Slack and Teams deliver them as files instead). */
  EXPORT_DIR: z.string().trim().min(1, "must be a folder, e.g. ./exports").default("./exports"),
  /** Unset: info for the server, warn while the console is the conversation. */
  LOG_LEVEL: optionalText.pipe(
    z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "must be one of fatal, error, warn, info, debug, trace, silent",
      })
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_BOT_TOKEN: optionalText.pipe(
    z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
  ),
  SLACK_CLIENT_ID: optionalText,
  SLACK_CLIENT_SECRET: optionalText,
  SLACK_STATE_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
  ),
  SLACK_API_URL: optionalText.pipe(z.url("must be a URL, e.g. https://slack.com/api/").optional()),
  /** 32 bytes, base64 or hex: seals Slack OAuth bot tokens at rest (required with OAuth). */
  DELEGATE_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine(
        (v) => encryptionKeyBytes(v) !== undefined,
        "must be 32 bytes, base64 or hex (openssl rand -base64 32)",
      )
      .optional(),
  ),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: optionalText.pipe(
    z
      .enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"], {
        error: "must be MultiTenant, SingleTenant or UserAssignedMSI",
      })
      .optional(),
  ),
  /**
   * Serve the Bot Framework Emulator at /api/messages without an app id: no tokens, loopback
   * peers and loopback service URLs only (docs/security.md). Without it or MICROSOFT_APP_ID the
   * route is not mounted.
   */
  TEAMS_EMULATOR: optionalText.pipe(
    z
      .enum(["true", "false"], { error: "must be true or false" })
      .optional()
      .transform((v) => v === "true"),
  ),
  /** Tenant ids (comma-separated) whose Teams may talk to a multi-tenant bot; unset: any tenant. */
  TEAMS_ALLOWED_TENANTS: optionalText.transform((v) =>
    v === undefined
      ? undefined
      : v
          .split(",")
          .map((t) => t.trim().toLowerCase())
          .filter((t) => t !== ""),
  ),
  /**
   * Tests only: one loopback service URL trusted besides Teams' own (a fake Bot Connector).
   * Refused with NODE_ENV=production.
   */
  TEAMS_TEST_SERVICE_URL: optionalText.pipe(
    z
      .url("must be a URL, e.g. http://127.0.0.1:3978/")
      .refine(
        (v) => /^https?:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?(\/|$)/i.test(v),
        "must be a loopback URL (http://127.0.0.1:port/): it exists for a fake Bot Connector in tests",
      )
      .optional(),
  ),
  /** `production` refuses test-only settings. */
  NODE_ENV: optionalText,
  ALERT_CRON: cronExpression("*/5 * * * * for every 5 minutes").default("*/5 * * * *"),
  DIGEST_CRON: cronExpression("0 8 * * 1 for Mondays at 08:00").default("0 8 * * 1"),
});

export type Config = z.infer<typeof envSchema>;

/** One line per problem, each starting with the variable's name and saying what to set. */
export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

/** Parse an environment; every problem is reported with the variable's name. */
/** Each problem zod found, as "VARIABLE: what is wrong". */
const problemsOf = (error: z.ZodError): string[] =>
  error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);

export const parseConfig = (env: Record<string, string | undefined>): Config => {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(problemsOf(result.error));
  }
  const config = result.data;
  const problems: string[] = [];
  const oauthNames = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;
  const oauthMissing = oauthNames.filter((name) => !config[name]);
  const oauth = oauthMissing.length === 0;
  // A credential that nothing else completes would be ignored without a word: the platform would
  // silently not be served.
  if (config.SLACK_SIGNING_SECRET && !config.SLACK_BOT_TOKEN && oauthMissing.length === oauthNames.length) {
    problems.push(
      "SLACK_SIGNING_SECRET: is set, but Slack also needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET and DELEGATE_ENCRYPTION_KEY (OAuth); unset it to run without Slack",
    );
  }
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN) {
    problems.push(
      "SLACK_APP_TOKEN: is set, but Socket Mode also needs SLACK_BOT_TOKEN; unset it to run without Slack",
    );
  }
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    problems.push(
      "SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (Slack app settings, Basic Information), or set SLACK_APP_TOKEN for Socket Mode",
    );
  }
  if (!oauth && oauthMissing.length < oauthNames.length) {
    problems.push(
      `${oauthMissing.join(", ")}: missing; Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together`,
    );
  }
  if (oauth && !config.SLACK_SIGNING_SECRET) {
    problems.push(
      "SLACK_SIGNING_SECRET: required with Slack OAuth (SLACK_CLIENT_ID…), from the Slack app settings, Basic Information",
    );
  }
  if (oauth && !config.DELEGATE_ENCRYPTION_KEY) {
    problems.push(
      "DELEGATE_ENCRYPTION_KEY: required with Slack OAuth (SLACK_CLIENT_ID…): 32 bytes, base64 or hex, to encrypt bot tokens at rest (openssl rand -base64 32)",
    );
  }
  if (
    config.MICROSOFT_APP_ID &&
    !config.MICROSOFT_APP_PASSWORD &&
    config.MICROSOFT_APP_TYPE !== "UserAssignedMSI"
  ) {
    problems.push(
      "MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID (a client secret of the bot's app registration), unless MICROSOFT_APP_TYPE=UserAssignedMSI",
    );
  }
  for (const name of ["MICROSOFT_APP_PASSWORD", "MICROSOFT_APP_TENANT_ID"] as const) {
    if (config[name] && !config.MICROSOFT_APP_ID) {
      problems.push(
        `${name}: is set, but Teams also needs MICROSOFT_APP_ID (the bot's app id); unset it to run without a Teams bot`,
      );
    }
  }
  problems.push(...teamsProblems(config));
  if (config.MIGRATION_DATABASE_URL && !config.DATABASE_URL) {
    problems.push(
      "MIGRATION_DATABASE_URL: needs DATABASE_URL too (the embedded database has no roles to split)",
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

/** Teams settings that contradict each other or do not fit a production server. */
const teamsProblems = (config: Config): string[] => {
  const problems: string[] = [];
  if (config.TEAMS_EMULATOR && config.MICROSOFT_APP_ID) {
    problems.push(
      "TEAMS_EMULATOR: is true, but MICROSOFT_APP_ID is set too; emulator mode (no token checks) is for a bot without an app id: unset one of them",
    );
  }
  if (config.MICROSOFT_APP_TYPE === "SingleTenant" && !config.MICROSOFT_APP_TENANT_ID) {
    problems.push(
      "MICROSOFT_APP_TENANT_ID: required with MICROSOFT_APP_TYPE=SingleTenant (the directory id of the bot's app registration)",
    );
  }
  const tenant = config.MICROSOFT_APP_TENANT_ID?.toLowerCase();
  if (
    config.MICROSOFT_APP_TYPE === "SingleTenant" &&
    config.TEAMS_ALLOWED_TENANTS?.some((t) => t !== tenant)
  ) {
    problems.push(
      "TEAMS_ALLOWED_TENANTS: a single-tenant bot (MICROSOFT_APP_TYPE=SingleTenant) serves MICROSOFT_APP_TENANT_ID only; unset TEAMS_ALLOWED_TENANTS",
    );
  }
  if (config.TEAMS_ALLOWED_TENANTS?.length === 0) {
    problems.push("TEAMS_ALLOWED_TENANTS: lists no tenant id; give them comma-separated, or unset it");
  }
  if (config.TEAMS_TEST_SERVICE_URL && config.NODE_ENV === "production") {
    problems.push(
      "TEAMS_TEST_SERVICE_URL: is for tests and refused with NODE_ENV=production; unset it (Teams' own service URLs are always trusted)",
    );
  }
  return problems;
};

/** Chat credentials present? Without any, `npm start` opens the console. */
export const hasChatCredentials = (config: Config): boolean =>
  Boolean(
    config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID || config.SLACK_APP_TOKEN || config.MICROSOFT_APP_ID,
  );

/** The environment's configuration; `defaults` stand in for variables it does not set. */
export const loadConfig = (defaults: Record<string, string> = {}): Config =>
  parseConfig({ ...defaults, ...process.env });

/**
 * `npm run teams:package` needs the bot's app id and nothing else: building the app package uses
 * no password (that is for the running bot), so only MICROSOFT_APP_ID is read, and it must be the
 * GUID Teams expects as `botId` in the app manifest.
 */
const packageEnvSchema = z.object({
  MICROSOFT_APP_ID: optionalText.pipe(
    z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        "must be the bot's Microsoft App ID, a GUID like 00000000-0000-0000-0000-000000000000",
      )
      .optional(),
  ),
});

export const parsePackageConfig = (env: Record<string, string | undefined>) => {
  const result = packageEnvSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(problemsOf(result.error));
  }
  return result.data;
};

export const loadPackageConfig = () => parsePackageConfig(process.env);
