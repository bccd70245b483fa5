import { validate as validateCron } from "node-cron";
import { z } from "zod";

/**
 * The environment, read once and validated. Nothing else reads process.env (a lint rule
 * enforces it); adapters receive the typed slices they need.
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const cronExpression = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4,5}\S+$/, "must be a cron expression of 5 or 6 fields, e.g. */5 * * * *")
  // The scheduler would otherwise fail after start-up, far from the variable that caused it.
  .refine((v) => validateCron(v), "is not a cron expression node-cron accepts (e.g. 61 is no minute)");

/** A 32-byte key written as 64 hex digits or as base64; undefined when it is neither. */
export const encryptionKeyBytes = (text: string): Buffer | undefined => {
  const key = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, "hex")
    : /^[A-Za-z0-9+/]{43}=?$/.test(text)
      ? Buffer.from(text, "base64")
      : undefined;
  return key?.length === 32 ? key : undefined;
};

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
      .optional(),
  ),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  /** Where the console saves packets and exports (Slack and Teams deliver them as files instead). */
  EXPORT_DIR: z.string().trim().min(1).default("./exports"),
  /** Unset: info for the server, warn while the console is the conversation. */
  LOG_LEVEL: optionalText.pipe(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
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
  SLACK_API_URL: optionalText.pipe(z.url("must be a URL").optional()),
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
    z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).optional(),
  ),
  ALERT_CRON: cronExpression.default("*/5 * * * *"),
  DIGEST_CRON: cronExpression.default("0 8 * * 1"),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parse an environment; every problem is reported with the variable's name. */
export const parseConfig = (env: Record<string, string | undefined>): Config => {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`),
    );
  }
  const config = result.data;
  const problems: string[] = [];
  if (config.SLACK_BOT_TOKEN && !config.SLACK_SIGNING_SECRET && !config.SLACK_APP_TOKEN) {
    problems.push(
      "SLACK_SIGNING_SECRET: required with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode)",
    );
  }
  const oauth = [config.SLACK_CLIENT_ID, config.SLACK_CLIENT_SECRET, config.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean)) {
    problems.push(
      "SLACK_CLIENT_ID: OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together",
    );
  }
  if (oauth.every(Boolean) && !config.SLACK_SIGNING_SECRET) {
    problems.push("SLACK_SIGNING_SECRET: required with Slack OAuth (SLACK_CLIENT_ID…)");
  }
  if (oauth.every(Boolean) && !config.DELEGATE_ENCRYPTION_KEY) {
    problems.push(
      "DELEGATE_ENCRYPTION_KEY: required with Slack OAuth (SLACK_CLIENT_ID…): 32 bytes, base64 or hex, to encrypt bot tokens at rest",
    );
  }
  if (
    config.MICROSOFT_APP_ID &&
    !config.MICROSOFT_APP_PASSWORD &&
    config.MICROSOFT_APP_TYPE !== "UserAssignedMSI"
  ) {
    problems.push("MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID");
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
};

/** Chat credentials present? Without any, `npm start` opens the console. */
export const hasChatCredentials = (config: Config): boolean =>
  Boolean(
    config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID || config.SLACK_APP_TOKEN || config.MICROSOFT_APP_ID,
  );

export const loadConfig = (): Config => parseConfig(process.env);

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
    throw new ConfigError(
      result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`),
    );
  }
  return result.data;
};

export const loadPackageConfig = () => parsePackageConfig(process.env);
