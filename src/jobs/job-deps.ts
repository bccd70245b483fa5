import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Db } from "../../db/client.js";

/** What a scheduled job needs. The clock is not here: each run is given its `now`. */
export interface JobDeps {
  db: Db;
  logger?: Logger;
  /** Recorded as job_runs.claimed_by, to tell which replica ran what. */
  instanceId?: string;
}

export const defaultInstanceId = (): string => `${hostname()}:${process.pid}`;
