/**
 * `npx tsx bench/profile/plan-cache.ts [times]`: which of the statements Delegate prepares does
 * PostgreSQL plan again on every execution? A prepared statement is planned for its parameters
 * ("custom" plans) for its first five runs; after that PostgreSQL keeps one generic plan when that
 * plan looks no dearer. Where it never does — typically a `limit $n offset $m` that makes the
 * generic plan's estimate worse — every run pays the planning (0.3 ms for `list`'s page of tasks,
 * three times the run itself): CPU in PostgreSQL on each command's critical path.
 *
 * The probe runs the core in this process on the quick world with a pool of one connection,
 * says the bench's commands (and a few more) `times` times each (default 12), then reads
 * pg_prepared_statements on that same connection (docs/performance.md).
 */
import { sql } from "drizzle-orm";
import pino from "pino";
import { z } from "zod";
import { openDatabase } from "../../db/client.js";
import { createCore } from "../../src/core.js";
import { systemClock } from "../../src/services/deps.js";
import { dropScratchDatabase } from "../lib/scratch-db.js";
import { seedWorld } from "../scale/seed-world.js";
import { QUICK_SHAPE, slackTeamId, slackUserId } from "../scale/shape.js";

const SCRATCH = `delegate_bench_plans_${process.pid}`;
const times = Number(process.argv[2] ?? 12);
const world = await seedWorld(SCRATCH, QUICK_SHAPE);
const database = await openDatabase({ engine: "postgres", url: world.url, poolSize: 1 });
try {
  const core = createCore({ db: database.db, clock: systemClock, logger: pino({ level: "silent" }) });
  const firm = 2;
  const attorney = slackUserId(firm, 1);
  const professional = slackUserId(firm, QUICK_SHAPE.attorneys + 1);
  const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const say = (userId: string, text: string) =>
    core.handle({
      speaker: {
        platform: "slack",
        workspaceId: slackTeamId(firm),
        userId,
        userName: userId,
        channelId: "CB2",
      },
      text,
      directory: { lookup: async (ref) => (ref.id ? { userId: ref.id, displayName: ref.id } : undefined) },
    });
  const said: string[] = [];
  for (let i = 1; i <= times; i++) {
    const commands: [string, string][] = [
      [attorney, "list all"],
      [attorney, "list"],
      [professional, "list"],
      [attorney, `show T-${i}`],
      [attorney, `assign <@${professional}> "Plan probe ${i}" matter:M-2026-1 due:"${due} 10:00" est:2h`],
      [attorney, "list all page:2"],
      [attorney, "hours"],
    ];
    for (const [who, text] of commands) {
      const view = await say(who, text);
      if (i === 1)
        said.push(`${text} → ${view.tone}: ${view.title ?? ""} ${view.lines[0]?.slice(0, 70) ?? ""}`);
    }
  }
  process.stdout.write(`said (first round):\n${said.map((s) => `  ${s}`).join("\n")}\n\n`);
  const statements = z
    .array(z.object({ generic_plans: z.number(), custom_plans: z.number(), statement: z.string() }))
    .parse(
      await database.db.execute(
        sql`select generic_plans::int, custom_plans::int, statement from pg_prepared_statements order by custom_plans desc`,
      ),
    );
  const replanned = statements.filter((s) => s.generic_plans === 0 && s.custom_plans > 5);
  process.stdout.write(
    `${statements.length} prepared statements; ${replanned.length} planned again on every run:\n` +
      replanned.map((s) => `  ${s.custom_plans} custom plans: …${s.statement.slice(-300)}\n`).join(""),
  );
} finally {
  await database.close();
  await dropScratchDatabase(SCRATCH);
}
