import pino from "pino";
import {
  type ConsoleSession,
  consoleSpeaker,
  createConsoleSession,
} from "../../adapters/console/console-session.js";
import { createSettableClock, type SettableClock } from "../../adapters/console/settable-clock.js";
import type { Database } from "../../db/client.js";
import { createCore } from "../../src/commands/dispatch.js";
import { firmOfWorkspace } from "../../src/services/actor.js";
import { testDatabase } from "./test-database.js";

/** A console session on the worker's database, speaking as alice, with its own settable clock. */
export const openConsoleSession = async (
  options: { exportDir?: string } = {},
): Promise<{
  database: Database;
  clock: SettableClock;
  session: ConsoleSession;
}> => {
  const database = await testDatabase();
  const clock = createSettableClock();
  const core = createCore({ db: database.db, clock, logger: pino({ level: "silent" }) });
  const session = createConsoleSession({
    core,
    db: database.db,
    clock,
    defaultUser: "alice",
    firmZone: async () => (await firmOfWorkspace(database.db, consoleSpeaker("alice")))?.tz,
    ...options,
  });
  return { database, clock, session };
};
