import { randomUUID } from "node:crypto";
import { eq, fillPlaceholders, sql } from "drizzle-orm";
import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import { columnPlaceholders } from "../../db/prepared.js";

/*
 * The writes built once (db/prepared.ts columnPlaceholders) must send what drizzle's per-call
 * build sends: the same SQL text and, once filled, the same parameters, for values and nulls.
 */
const notes = pgTable("notes", {
  id: uuid("id").primaryKey().defaultRandom(),
  body: text("body"),
  at: timestamp("at", { withTimezone: true }),
  extra: jsonb("extra"),
});
const KEYS = ["body", "at", "extra"] as const;
const db = drizzle.mock();

const sent = (query: { toSQL(): { sql: string; params: unknown[] } }, values?: Record<string, unknown>) => {
  const { sql: text, params } = query.toSQL();
  return { text, params: values ? fillPlaceholders(params, values) : params };
};

describe("columnPlaceholders", () => {
  const rows = [
    { body: `quote " and 'é' 🙂`, at: new Date("2026-12-07T09:00:00.123Z"), extra: { a: [1, null, "b"] } },
    { body: null, at: null, extra: null },
    { body: "", at: new Date(0), extra: "a string" },
  ];

  it.each(rows)("inserts what a per-call insert sends (%o)", (row) => {
    const once = db.insert(notes).values(columnPlaceholders(notes, KEYS)).returning();
    expect(sent(once, row)).toEqual(sent(db.insert(notes).values(row).returning()));
  });

  it.each(rows)("updates what a per-call update sends (%o)", (row) => {
    const once = db
      .update(notes)
      .set({ body: "fixed", ...columnPlaceholders(notes, ["at", "extra"]) })
      .where(eq(notes.id, sql.placeholder("id")));
    const id = randomUUID();
    expect(sent(once, { id, at: row.at, extra: row.extra })).toEqual(
      sent(db.update(notes).set({ body: "fixed", at: row.at, extra: row.extra }).where(eq(notes.id, id))),
    );
  });

  it("refuses undefined, which a per-call insert would have sent as default", () => {
    const once = db.insert(notes).values(columnPlaceholders(notes, KEYS));
    expect(() => sent(once, { body: "x", at: undefined, extra: null })).toThrow(/no value for at/);
  });

  it("refuses to leave out a column whose value JavaScript makes: it would be made once, for every row", () => {
    const withIds = pgTable("with_ids", {
      id: text("id")
        .primaryKey()
        .$defaultFn(() => randomUUID()),
      body: text("body"),
    });
    expect(() => columnPlaceholders(withIds, ["body"])).toThrow(/id has a value made in JavaScript/);
    expect(Object.keys(columnPlaceholders(withIds, ["id", "body"]))).toEqual(["id", "body"]);
  });
});
