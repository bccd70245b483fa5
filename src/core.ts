/**
 * The core's public surface: the one module of src/ that adapters import (tests/unit/boundaries.test.ts
 * enforces it). Dependencies point one way, adapters → src/core.ts → src → db; see
 * docs/adapter-contract.md for what an adapter implements and the suite it must pass.
 */

// The chat-adapter contract every platform implements.
export * from "./adapter-contract.js";
// Commands, clicks and forms in; views out.
export { type Core, createCore } from "./commands/dispatch.js";
export * from "./commands/forms.js";
export type { ClickOptions, Inbound } from "./commands/inbound.js";
export { type Config, ConfigError, loadConfig, loadPackageConfig } from "./config.js";
// Startup pieces the console's own entry point (npm run console) needs.
export { openMigratedDatabase } from "./core-runtime.js";
export type { ButtonPayload, UserRef } from "./domain/command.js";
export * from "./domain/vocabulary.js";
// The HTTP routes adapters mount on the one server.
export type { Route } from "./http/http-server.js";
export { runAlerts } from "./jobs/run-alerts.js";
export { runDigest } from "./jobs/run-digest.js";
export { type Scheduler, startScheduler } from "./jobs/scheduler.js";
export { createLogger } from "./logger.js";
// The outbox: what a sender is handed, and how it says a delivery failed.
export { deliverPending } from "./notify/deliver.js";
export { type Delivery, DeliveryError, type Recipient, type Sender } from "./notify/sender.js";
export { firmOfWorkspace } from "./services/actor.js";
export { consoleClockRefusal } from "./services/clock-guard.js";
export type { ReferenceStore } from "./services/conversation-refs.js";
export type { Clock, Deps, Directory, Speaker, UserProfile } from "./services/deps.js";
export { createFileOffers, type FileOffers } from "./services/file-offers.js";
export type { InboundEvents } from "./services/inbound-events.js";
export {
  createInstallationStore,
  type InstallationKey,
  type InstallationStore,
} from "./services/installation-store.js";
export { databaseFailure, plainFailure } from "./start-up-failure.js";
export * from "./views/form-fields.js";
export * from "./views/view.js";
