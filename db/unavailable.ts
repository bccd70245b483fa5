/**
 * Why the database layer refused or gave up, without sending anything more:
 * - "unreachable": PostgreSQL is known to be down (the last connection attempt failed); nothing
 *   was sent.
 * - "deadline": the request this belongs to has already been answered (src/commands/answer-deadline.ts);
 *   nothing more is sent for it and its open transaction is rolled back.
 * - "unknown": the connection died, or the request was answered, while a COMMIT was on its way:
 *   the transaction may or may not have been applied.
 * The message is safe to log: it never quotes SQL or parameters.
 */
export type Unavailability = "unreachable" | "deadline" | "unknown";

export class DatabaseUnavailableError extends Error {
  readonly code = "DATABASE_UNAVAILABLE";
  constructor(
    readonly reason: Unavailability,
    options?: { cause?: unknown },
  ) {
    super(`database unavailable (${reason})`, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** The DatabaseUnavailableError this is, or was caused by (drizzle wraps what a query throws). */
export const databaseUnavailable = (e: unknown, depth = 0): DatabaseUnavailableError | undefined => {
  if (e instanceof DatabaseUnavailableError) return e;
  if (typeof e !== "object" || e === null || depth > 3) return undefined;
  return databaseUnavailable((e as { cause?: unknown }).cause, depth + 1);
};

/** Node's errors for a server that cannot be reached or went away; postgres.js's own. */
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
]);

/**
 * The session is gone or could not be opened: a socket error, postgres.js's own, a FATAL from the
 * server (shutting down 57P01, starting up 57P03, too many connections…), or SQLSTATE class 08;
 * also as the `cause` of drizzle's DrizzleQueryError.
 */
export const isConnectionFailure = (e: unknown, depth = 0): boolean => {
  if (typeof e !== "object" || e === null || depth > 3) return false;
  const { code, severity, cause } = e as { code?: unknown; severity?: unknown; cause?: unknown };
  return (
    (typeof code === "string" && (CONNECTION_CODES.has(code) || code.startsWith("08"))) ||
    severity === "FATAL" ||
    severity === "PANIC" ||
    isConnectionFailure(cause, depth + 1)
  );
};

/** Errors the pool reported as a lost or failed connection (tagged by db/reachability.ts). */
const lostConnections = new WeakSet<object>();

export const markLost = (e: unknown): void => {
  if (typeof e === "object" && e !== null) lostConnections.add(e);
};

/**
 * This error, or its cause, is the database connection failing (not, say, an HTTP call that
 * failed with the same socket error): the command did not reach PostgreSQL, or its session ended
 * before COMMIT (PostgreSQL then applies nothing).
 */
export const isLostConnection = (e: unknown, depth = 0): boolean =>
  typeof e === "object" &&
  e !== null &&
  depth <= 3 &&
  (lostConnections.has(e) || isLostConnection((e as { cause?: unknown }).cause, depth + 1));
