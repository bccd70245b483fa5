import { FIRM_BUILDERS } from "./builders/firm-builders.js";
import { MATTER_BUILDERS } from "./builders/matter-builders.js";
import { REPORT_BUILDERS } from "./builders/report-builders.js";
import type { Builder } from "./builders/shared.js";
import { TASK_BUILDERS } from "./builders/task-builders.js";
import { TEAM_BUILDERS } from "./builders/team-builders.js";
import type { UsageKey } from "./usage.js";

/**
 * One builder per command word: checks the options and positionals that command takes and
 * returns the typed Command. Every value goes through a zod schema of parse-values.ts.
 */
export const BUILDERS: Record<UsageKey, Builder> = {
  help: () => ({ name: "help" }),
  ...FIRM_BUILDERS,
  ...TEAM_BUILDERS,
  ...MATTER_BUILDERS,
  ...TASK_BUILDERS,
  ...REPORT_BUILDERS,
};
