import { validate as validateCron } from "node-cron";
import { z } from "zod";

/*
 * The values the environment's variables are made of (config.ts reads and checks the variables):
 * each with the message that tells an installer what to write instead.
 */

export const PORT_MESSAGE = "must be a port number from 0 to 65535, e.g. 3000";
/** Letters, digits and hyphens, in dot-separated labels: no scheme, no port, no path. */
export const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;

export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

/** A schedule in node-cron's syntax; `example` is a valid one with what it means. */
export const cronExpression = (example: string) =>
  z
    .string()
    .trim()
    // One message for every way it can be wrong: the scheduler would otherwise fail after start-up,
    // far from the variable that caused it.
    .refine(
      (v) => /^(\S+\s+){4,5}\S+$/.test(v) && validateCron(v),
      `must be a cron schedule of five fields (minute hour day-of-month month day-of-week), each in range, e.g. ${example}`,
    );

/** A 32-byte key written as 64 hex digits or as base64; undefined when it is neither. */
export const encryptionKeyBytes = (text: string): Buffer | undefined => {
  const key = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, "hex")
    : /^[A-Za-z0-9+/]{43}=?$/.test(text)
      ? Buffer.from(text, "base64")
      : undefined;
  return key?.length === 32 ? key : undefined;
};

export const postgresUrl = optionalText.pipe(
  z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      "must start with postgres:// or postgresql:// (e.g. postgres://user:password@host:5432/delegate); unset it to use the embedded database in DATA_DIR",
    )
    .optional(),
);
