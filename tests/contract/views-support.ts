/* Shared by the views contract tests (views-*.test.ts). */
import { type MockInstance, vi } from "vitest";
import type { Database } from "../../db/client.js";
import type { RunningServer } from "../../src/start-server.js";

/** Tasks a list shows on a page (src/services/task-queries.ts PAGE_SIZE). */
export const PAGE = 20;

/** Counts the core's answers: the dispatcher logs one "command" line per request it answers. */
export const coreCalls = (server: RunningServer) => {
  const spy: MockInstance = vi.spyOn(server.deps.logger, "info");
  return {
    count: () => spy.mock.calls.filter((c) => c[1] === "command" || c[1] === "command refused").length,
    reset: () => spy.mockClear(),
  };
};

/** `task.viewed` events written after audit event `after`, by how the task was read. */
export const readsSince = async (database: Database, after: number): Promise<string[]> =>
  (
    await database.query<{ via: string }>(
      "select detail->>'via' as via from audit_events where action = 'task.viewed' and id > $1 order by id",
      [after],
    )
  ).map((r) => r.via);

export const lastAuditId = async (database: Database): Promise<number> => {
  const [row] = await database.query<{ id: number | null }>("select max(id)::int as id from audit_events");
  return row?.id ?? 0;
};

// First: the harness starts from empty tables, before the Slack and Teams servers seed theirs.
