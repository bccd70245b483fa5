import { createServer } from "node:net";
import type { Config } from "./config.js";

/**
 * Start-up failures a person can fix (a busy port, a database that is not there…), each told as one
 * plain line that names the cause and what to do, without a stack trace. Anything else is a bug, and
 * its stack trace is what a developer needs.
 */
export class StartupFailure extends Error {
  constructor(line: string) {
    super(line);
    this.name = "StartupFailure";
  }
}

/** The failures that already explain themselves in plain words. */
const SELF_EXPLAINING = new Set(["StartupFailure", "ConfigError", "DataDirBusyError"]);

/** The plain line(s) for a failure a person can fix; undefined for a bug. */
export const plainFailure = (e: unknown): string | undefined =>
  e instanceof Error && SELF_EXPLAINING.has(e.name) ? e.message : undefined;

const errorCode = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
};

/** Why the server cannot listen on PORT and HOST, or undefined when the error is something else. */
export const listenFailure = (e: unknown, port: number, host: string): StartupFailure | undefined => {
  switch (errorCode(e)) {
    case "EADDRINUSE":
      return new StartupFailure(
        `PORT: ${port} is already in use on ${host} (by another Delegate or another program); stop that program or set PORT to a free port`,
      );
    case "EACCES":
      return new StartupFailure(
        `PORT: ${port} needs administrator rights on this system; use a port above 1023 (e.g. PORT=3000), behind a proxy for port ${port}`,
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "EAI_FAIL":
      return new StartupFailure(
        `HOST: ${host} is not an address of this machine; use 0.0.0.0 for every network interface, 127.0.0.1 for this machine only, or one of its own addresses`,
      );
    default:
      return undefined;
  }
};

/**
 * Binds PORT on HOST and lets go at once: a port in use or a wrong HOST stops start-up before the
 * database is opened, with nothing logged before the one line that says so.
 */
export const checkCanListen = (port: number, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (e) => reject(listenFailure(e, port, host) ?? e));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });

/** Where DATABASE_URL points, without its password. */
const databaseAddress = (url: string): { server: string; database: string; user: string } => {
  try {
    const parsed = new URL(url);
    const user = decodeURIComponent(parsed.username) || "postgres";
    return {
      server: `${parsed.hostname || "localhost"}:${parsed.port || "5432"}`,
      database: decodeURIComponent(parsed.pathname.slice(1)) || user,
      user,
    };
  } catch {
    return { server: "the server in DATABASE_URL", database: "", user: "" };
  }
};

/** Why the configured database could not be opened and migrated, or undefined when it is a bug. */
export const databaseFailure = (e: unknown, config: Config): StartupFailure | undefined => {
  const code = errorCode(e);
  if (!config.DATABASE_URL) {
    // PGlite: the data directory itself.
    const dir = config.DATA_DIR;
    if (code === "EACCES" || code === "EPERM" || code === "EROFS")
      return new StartupFailure(
        `DATA_DIR: this user may not write to ${dir}; give it that right, choose another DATA_DIR, or set DATABASE_URL`,
      );
    if (code === "ENOTDIR" || code === "EEXIST")
      return new StartupFailure(`DATA_DIR: ${dir} is a file, not a folder; choose another DATA_DIR`);
    if (code === "ENOSPC")
      return new StartupFailure(`DATA_DIR: the disk holding ${dir} is full; free some space and start again`);
    return undefined;
  }
  const { server, database, user } = databaseAddress(config.DATABASE_URL);
  const message = e instanceof Error ? e.message : "";
  switch (code) {
    case "ECONNREFUSED":
      return new StartupFailure(
        `DATABASE_URL: nothing answers at ${server}; start PostgreSQL there or correct DATABASE_URL (unset it to use the embedded database)`,
      );
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new StartupFailure(
        `DATABASE_URL: the host of ${server} cannot be found; correct DATABASE_URL (unset it to use the embedded database)`,
      );
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return new StartupFailure(
        `DATABASE_URL: no answer from ${server}; check that PostgreSQL runs there and that this machine may reach it`,
      );
    case "CONNECTION_CLOSED":
    case "ECONNRESET":
      return new StartupFailure(
        `DATABASE_URL: ${server} closed the connection before PostgreSQL answered; check that it is a PostgreSQL server and whether it requires SSL (?sslmode=require)`,
      );
    case "3D000":
      return new StartupFailure(
        `DATABASE_URL: the database "${database}" does not exist on ${server}; create it (createdb ${database}) or correct DATABASE_URL`,
      );
    case "28P01":
    case "28000":
      return new StartupFailure(
        `DATABASE_URL: PostgreSQL at ${server} refused the user "${user}" (${message}); correct the user or password in DATABASE_URL`,
      );
    case "57P03":
      return new StartupFailure(
        `DATABASE_URL: PostgreSQL at ${server} is starting up or shutting down; start Delegate again in a moment`,
      );
    case "53300":
      return new StartupFailure(
        `DATABASE_URL: PostgreSQL at ${server} has no connection left (${message}); raise max_connections or stop some clients`,
      );
    default:
      return undefined;
  }
};
