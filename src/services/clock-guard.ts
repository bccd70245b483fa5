import { ne } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { workspaces } from "../../db/schema.js";

const PLATFORM_NAMES: Record<string, string> = { slack: "Slack", teams: "Microsoft Teams" };

/**
 * Why the console may not set its own clock on this database ("a firm on this database uses
 * Slack, …"), or undefined when it may. A pinned clock dates every audit event the console writes,
 * so it is for trial databases only: once any firm here is bound to Slack or Teams, its trail must
 * carry real times.
 */
export const consoleClockRefusal = async (db: Db): Promise<string | undefined> => {
  const [bound] = await db
    .select({ platform: workspaces.platform })
    .from(workspaces)
    .where(ne(workspaces.platform, "console"))
    .limit(1);
  if (!bound) return undefined;
  const platform = PLATFORM_NAMES[bound.platform] ?? bound.platform;
  return `a firm on this database uses ${platform}, and its audit trail must carry real times`;
};
