import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "pino";

/**
 * Bolt's logger interface on our pino logger. Bolt logs free text and may pass request
 * details; we keep strings and the names of errors only, so no payload (task text) reaches
 * the log, and drop Bolt's debug chatter entirely.
 */
const safe = (parts: unknown[]): string =>
  parts
    .map((p) => (typeof p === "string" ? p : p instanceof Error ? p.name : typeof p))
    .join(" ")
    .slice(0, 500);

export const boltLogger = (logger: Logger): BoltLogger => {
  let level = LogLevel.INFO;
  const child = logger.child({ component: "slack" });
  return {
    debug: () => {},
    info: (...msg: unknown[]) => child.debug(safe(msg)),
    warn: (...msg: unknown[]) => child.warn(safe(msg)),
    error: (...msg: unknown[]) => child.error(safe(msg)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
};
