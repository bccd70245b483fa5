import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../db/client.js";
import { auditEvents, firms } from "../../db/schema.js";
import { openSecondConnection, resetDatabase, testDatabase } from "../support/test-database.js";

/** The error's message and those of its causes (drizzle wraps the driver's error). */
const errorText = (e: unknown): string => {
  const parts: string[] = [];
  for (let cur = e, depth = 0; cur instanceof Error && depth < 5; cur = cur.cause, depth++)
    parts.push(cur.message);
  return parts.join(" | ");
};

const refusal = async (work: () => Promise<unknown>): Promise<string> => {
  try {
    await work();
  } catch (e) {
    return errorText(e);
  }
  throw new Error("expected the statement to be refused, but it succeeded");
};

describe("audit_events is append-only", () => {
  let database: Database;
  let firmId: string;
  let eventId: number;
  const at = new Date("2026-11-02T15:04:05.000Z");

  beforeAll(async () => {
    database = await testDatabase();
    const [firm] = await database.db
      .insert(firms)
      .values({ name: "Smith & Lee LLP", tz: "America/New_York", defaultRate: 300 })
      .returning({ id: firms.id });
    if (!firm) throw new Error("no firm inserted");
    firmId = firm.id;
  });

  it("accepts inserts", async () => {
    const [event] = await database.db
      .insert(auditEvents)
      .values({ firmId, at, action: "task.assigned", detail: { status: "assigned", version: 1 } })
      .returning();
    expect(event).toMatchObject({
      firmId,
      action: "task.assigned",
      detail: { status: "assigned", version: 1 },
    });
    expect(event?.at.toISOString()).toBe(at.toISOString());
    eventId = event?.id ?? -1;
    expect(eventId).toBeGreaterThan(0);
  });

  it("refuses UPDATE, through drizzle and in raw SQL", async () => {
    const viaDrizzle = await refusal(() =>
      database.db.update(auditEvents).set({ action: "task.forged" }).where(eq(auditEvents.id, eventId)),
    );
    expect(viaDrizzle).toMatch(/append-only/);
    expect(viaDrizzle).toMatch(/UPDATE refused/);
    const raw = await refusal(() => database.query("update audit_events set detail = '{}'::jsonb"));
    expect(raw).toMatch(/audit_events is append-only: UPDATE refused/);
  });

  it("refuses DELETE, through drizzle and in raw SQL", async () => {
    const viaDrizzle = await refusal(() =>
      database.db.delete(auditEvents).where(eq(auditEvents.id, eventId)),
    );
    expect(viaDrizzle).toMatch(/append-only/);
    expect(viaDrizzle).toMatch(/DELETE refused/);
    const raw = await refusal(() => database.query("delete from audit_events"));
    expect(raw).toMatch(/audit_events is append-only: DELETE refused/);
  });

  it("leaves the rows unchanged, as another connection sees them", async () => {
    const other = await openSecondConnection();
    const rows = await other.db.select().from(auditEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: eventId,
      firmId,
      action: "task.assigned",
      detail: { status: "assigned", version: 1 },
    });
    expect(rows[0]?.at.toISOString()).toBe(at.toISOString());
  });

  it("refuses TRUNCATE, which row triggers alone would let through", async () => {
    const raw = await refusal(() => database.query("truncate audit_events cascade"));
    expect(raw).toMatch(/audit_events is append-only: TRUNCATE refused/);
  });

  it("still lets the test harness empty the table (with triggers off, as only a superuser can)", async () => {
    await resetDatabase(database);
    const [count] = await database.query<{ n: number }>(
      "select (select count(*) from audit_events)::int + (select count(*) from firms)::int as n",
    );
    expect(count?.n).toBe(0);
  });
});
