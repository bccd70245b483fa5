import { type ScheduledTask, schedule } from "node-cron";
import type { Logger } from "pino";
import type { Clock } from "../services/deps.js";
import { hasSecondsField } from "./cron-fire-time.js";
import type { JobDeps } from "./job-deps.js";
import { type AlertRunResult, runAlerts } from "./run-alerts.js";
import { type PostedDigest, runDigest } from "./run-digest.js";

export interface Scheduler {
  /** Run the alert tick now (what ALERT_CRON does). */
  alerts(): Promise<AlertRunResult | undefined>;
  /** Run the digest check now (what the digest schedule does). */
  digest(): Promise<PostedDigest[] | undefined>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  deps: JobDeps & { logger: Logger };
  clock: Clock;
  alertCron: string;
  digestCron: string;
}

/**
 * node-cron in this process only decides *when to look*; the database decides *who does it*:
 * every run claims its work (alert_ledger, job_runs), so all replicas may schedule the same jobs.
 * The digest is due at DIGEST_CRON on each firm's own wall clock, and firms live in many zones,
 * so the check runs every minute (every second when DIGEST_CRON names seconds) and each firm's
 * digest goes once its own time has passed. Checking at start-up posts a digest missed while down.
 */
export const startScheduler = (options: SchedulerOptions): Scheduler => {
  const { deps, clock } = options;
  const logger = deps.logger;
  const inFlight = new Set<Promise<unknown>>();

  const guarded =
    <T>(job: string, work: () => Promise<T>) =>
    (): Promise<T | undefined> => {
      const run = work().catch((e: unknown) => {
        // The logger scrubs the error (src/logger.ts): it may quote SQL parameters, which can be task text.
        logger.error(
          { job, err: e instanceof Error ? e : typeof e },
          "scheduled job failed; the next run retries",
        );
        return undefined;
      });
      inFlight.add(run);
      void run.finally(() => inFlight.delete(run));
      return run;
    };

  const alerts = guarded("alerts", () => runAlerts(deps, clock.now()));
  const digest = guarded("digest", () => runDigest(deps, clock.now(), { digestCron: options.digestCron }));

  const cronLogger = {
    info: (m: string) => logger.debug({ source: "node-cron" }, m),
    warn: (m: string) => logger.debug({ source: "node-cron" }, m),
    error: (m: string | Error) => logger.warn({ source: "node-cron" }, m instanceof Error ? m.name : m),
    debug: () => {},
  };
  const tasks: ScheduledTask[] = [
    schedule(options.alertCron, alerts, { name: "delegate-alerts", noOverlap: true, logger: cronLogger }),
    schedule(hasSecondsField(options.digestCron) ? "* * * * * *" : "* * * * *", digest, {
      name: "delegate-digest",
      noOverlap: true,
      logger: cronLogger,
    }),
  ];
  void digest();

  return {
    alerts,
    digest,
    stop: async () => {
      for (const task of tasks) await task.destroy();
      await Promise.all([...inFlight]);
    },
  };
};
