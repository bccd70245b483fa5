/**
 * One replica for tests/integration/scheduler-replicas.test.ts: the real scheduler and outbox
 * loop on DATABASE_URL, delivering to console users through the console adapter's sender, which
 * prints to this process's stdout. Before each delivery it prints `SEND <outbox id> <kind>`, so
 * the test can count deliveries across processes. SEND_DELAY_MS stretches each send (a slow chat
 * API), LEASE_MS shortens the outbox lease so a killed replica's claims come back quickly.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { createConsoleSender } from "../../adapters/console/console-session.js";
import { loadConfig } from "../../src/config.js";
import { openMigratedDatabase } from "../../src/core-runtime.js";
import { startScheduler } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/logger.js";
import { startOutboxLoop } from "../../src/notify/outbox-loop.js";
import type { Sender } from "../../src/notify/sender.js";
import { systemClock } from "../../src/services/deps.js";

const config = loadConfig();
const logger = createLogger("warn");
const sendDelayMs = Number(process.env.SEND_DELAY_MS ?? "0");
const database = await openMigratedDatabase(config);
const write = (lines: string[]) => process.stdout.write(`${lines.join("\n")}\n`);
const consoleSender = createConsoleSender(write);
const sender: Sender = {
  platform: "console",
  send: async (delivery) => {
    await sleep(sendDelayMs);
    write([`SEND ${delivery.id} ${delivery.kind}`]);
    return consoleSender.send(delivery);
  },
};
const scheduler = startScheduler({
  deps: { db: database.db, logger, instanceId: process.env.REPLICA ?? String(process.pid) },
  clock: systemClock,
  alertCron: config.ALERT_CRON,
  digestCron: config.DIGEST_CRON,
});
const outbox = startOutboxLoop({
  db: database.db,
  senders: [sender],
  clock: systemClock,
  logger,
  intervalMs: 200,
  delivery: { leaseMs: Number(process.env.LEASE_MS ?? "60000") },
});
write(["READY"]);

process.once("SIGTERM", () => {
  void (async () => {
    await scheduler.stop();
    await outbox.stop();
    await database.close();
    process.exit(0);
  })();
});
