import { and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { people } from "../../db/schema.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Display names of the firm's people whose ids appear among `values` (audit details keep ids —
 * a cover, a previous assignee — and replies show names). Values that are not ids are ignored.
 */
export const personNames = async (
  db: Executor,
  firmId: string,
  values: unknown[],
): Promise<Map<string, string>> => {
  const ids = [...new Set(values.filter((v): v is string => typeof v === "string" && UUID.test(v)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: people.id, name: people.displayName })
    .from(people)
    .where(and(eq(people.firmId, firmId), inArray(people.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
};
