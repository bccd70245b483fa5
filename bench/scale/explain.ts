import type postgres from "postgres";
import type { CapturedQuery } from "./capture-db.js";

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

export interface ExplainedQuery {
  label: string;
  sql: string;
  executionMs: number;
  /** Every index the plan touches. */
  indexes: string[];
  /** Tables read by a sequential scan (a finding when it is `tasks`). */
  seqScans: string[];
  plan: PlanNode;
}

const walk = (node: PlanNode, visit: (n: PlanNode) => void): void => {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
};

const isPlanRoot = (v: unknown): v is { Plan: PlanNode; "Execution Time": number }[] =>
  Array.isArray(v) && typeof v[0] === "object" && v[0] !== null && "Plan" in v[0];

/** EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of one read-only query, with the indexes and seq scans it uses. */
export const explain = async (
  sql: postgres.Sql,
  label: string,
  q: CapturedQuery,
): Promise<ExplainedQuery> => {
  const rows = await sql.unsafe(`explain (analyze, buffers, format json) ${q.sql}`, q.params as never[]);
  const cell: unknown = rows[0]?.["QUERY PLAN"];
  const parsed: unknown = typeof cell === "string" ? JSON.parse(cell) : cell;
  if (!isPlanRoot(parsed)) throw new Error(`no plan for ${label}`);
  const root = parsed[0];
  if (!root) throw new Error(`no plan for ${label}`);
  const indexes = new Set<string>();
  const seqScans = new Set<string>();
  walk(root.Plan, (n) => {
    if (n["Index Name"]) indexes.add(n["Index Name"]);
    if (n["Node Type"] === "Seq Scan" && n["Relation Name"]) seqScans.add(n["Relation Name"]);
  });
  return {
    label,
    sql: q.sql,
    executionMs: root["Execution Time"],
    indexes: [...indexes],
    seqScans: [...seqScans],
    plan: root.Plan,
  };
};

/** Reads only: EXPLAIN ANALYZE executes the statement, and the bench must not change data by explaining. */
export const isRead = (q: CapturedQuery): boolean => /^\s*(select|with)\b/i.test(q.sql);
