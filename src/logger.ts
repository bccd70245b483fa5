import pino, { type Logger } from "pino";

/**
 * What is left of an error in a log line: its class, its code and where it was thrown. Messages are
 * dropped because they quote what they failed on: a database error carries the SQL, its parameters
 * (task titles, notes, comments) and the DETAIL line; a validation error the value it refused.
 */
export interface ScrubbedError {
  type: string;
  code?: string | number;
  stack?: string;
  cause?: ScrubbedError;
  errors?: ScrubbedError[];
}

const MAX_DEPTH = 3;
const MAX_FRAMES = 12;

/** Only the "    at …" lines of a stack: its first line is the message, which may span lines. */
const framesOf = (stack: string | undefined): string | undefined => {
  const frames = (stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES);
  return frames.length > 0 ? frames.join("\n") : undefined;
};

export const scrubError = (e: Error, depth = 0): ScrubbedError => {
  const code = (e as { code?: unknown }).code;
  // Libraries often leave `name` as "Error" on their own classes (drizzle's DrizzleQueryError).
  const type = e.name && e.name !== "Error" ? e.name : e.constructor?.name || "Error";
  const scrubbed: ScrubbedError = { type };
  if (typeof code === "string" || typeof code === "number") scrubbed.code = code;
  const stack = framesOf(e.stack);
  if (stack) scrubbed.stack = stack;
  if (depth < MAX_DEPTH) {
    if (e.cause instanceof Error) scrubbed.cause = scrubError(e.cause, depth + 1);
    if (e instanceof AggregateError) {
      scrubbed.errors = e.errors.filter((x) => x instanceof Error).map((x) => scrubError(x, depth + 1));
    }
  }
  return scrubbed;
};

/** Every Error anywhere in a log object (a few levels down) becomes a ScrubbedError. */
const scrubDeep = (value: unknown, depth = 0): unknown => {
  if (value instanceof Error) return scrubError(value);
  if (depth >= MAX_DEPTH || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  let copy: Record<string, unknown> | undefined;
  for (const [key, v] of Object.entries(value)) {
    const scrubbed = scrubDeep(v, depth + 1);
    if (scrubbed !== v) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = scrubbed;
    }
  }
  return copy ?? value;
};

/**
 * JSON logs on stderr. This is the one place errors are scrubbed before they are logged: pass them
 * as they are (`logger.error({ err }, "…")` or `logger.error(err)`); whatever else a line carries
 * must already be free of user text. Commands are logged by name, outcome and timing only.
 */
export const createLogger = (
  level: string,
  destination: pino.DestinationStream = pino.destination(2),
): Logger =>
  pino(
    {
      level,
      base: { app: "delegate" },
      redact: { paths: ["text", "*.text", "title", "*.title"], remove: true },
      serializers: { err: (v: unknown) => (v instanceof Error ? scrubError(v) : v) },
      formatters: { log: (object) => scrubDeep(object) as Record<string, unknown> },
      hooks: {
        // pino takes a line's message from the error's when none is given: give the class instead.
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          if (first instanceof Error) {
            const message = typeof second === "string" ? second : first.name;
            return method.apply(this, [{ err: first }, message] as Parameters<typeof method>);
          }
          if (typeof second !== "string" && first !== null && typeof first === "object") {
            const err = (first as { err?: unknown }).err;
            if (err instanceof Error)
              return method.apply(this, [first, err.name] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    destination,
  );
