import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../../db/client.js";

export interface CapturedQuery {
  sql: string;
  params: unknown[];
}

export interface CaptureDb {
  db: Db;
  sql: postgres.Sql;
  /** Queries run while `recording` is on, in order, exactly as the app sent them. */
  captured: CapturedQuery[];
  recording: boolean;
  close(): Promise<void>;
}

/**
 * The app's own drizzle database over postgres.js, with a logger that records the SQL the
 * real code runs — so the plans we EXPLAIN are the app's queries, not a copy that can drift.
 */
export const openCaptureDb = (url: string, poolSize = 4): CaptureDb => {
  const sql = postgres(url, { max: poolSize, onnotice: () => {} });
  const state: CaptureDb = {
    sql,
    captured: [],
    recording: false,
    db: drizzle(sql, {
      logger: {
        logQuery: (text, params) => {
          if (state.recording) state.captured.push({ sql: text, params });
        },
      },
    }),
    close: () => sql.end({ timeout: 5 }),
  };
  return state;
};
