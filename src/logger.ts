import pino, { type Logger } from "pino";

/**
 * JSON logs on stderr. Commands are logged by name, outcome and timing only: task titles,
 * instructions and notes are confidential and never reach a log.
 */
export const createLogger = (level: string): Logger =>
  pino(
    {
      level,
      base: { app: "delegate" },
      redact: { paths: ["text", "*.text", "title", "*.title"], remove: true },
    },
    pino.destination(2),
  );
