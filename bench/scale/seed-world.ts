import postgres from "postgres";
import { openDatabase } from "../../db/client.js";
import { migrate } from "../../db/migrate.js";
import { createScratchDatabase } from "../lib/scratch-db.js";
import { type SeedTimings, seed } from "./seed-sql.js";
import type { Shape } from "./shape.js";

export interface World {
  url: string;
  shape: Shape;
  timings: SeedTimings[];
  tasks: number;
}

/** A fresh scratch database, migrated by the app's own migrator, then bulk-seeded. */
export const seedWorld = async (name: string, shape: Shape): Promise<World> => {
  const url = await createScratchDatabase(name);
  const database = await openDatabase({ engine: "postgres", url, poolSize: 1 });
  try {
    await migrate(database);
  } finally {
    await database.close();
  }
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const timings = await seed(sql, shape);
    const rows = await sql<{ n: number }[]>`select count(*)::int as n from tasks`;
    return { url, shape, timings, tasks: rows[0]?.n ?? 0 };
  } finally {
    await sql.end({ timeout: 5 });
  }
};
