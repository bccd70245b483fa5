/*
 * The database schema, one file per part (db/schema/): drizzle-kit reads every table exported here
 * (drizzle.config.ts) and the app imports from here.
 */

export * from "./schema/audit.js";
export {
  billModeEnum,
  categoryEnum,
  decisionEnum,
  defectEnum,
  deliveryEnum,
  outboxStatusEnum,
  roleEnum,
  statusEnum,
} from "./schema/columns.js";
export * from "./schema/delivery.js";
export * from "./schema/figures.js";
export * from "./schema/firm.js";
export * from "./schema/platforms.js";
export * from "./schema/work.js";
