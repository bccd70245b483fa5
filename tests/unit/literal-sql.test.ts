import { sql } from "drizzle-orm";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import { describe, expect, it } from "vitest";
import { inConstants, literalLimit } from "../../db/prepared.js";

/*
 * Values written into a prepared statement's text (db/prepared.ts), so PostgreSQL keeps one plan
 * for it: only whole numbers and the code's own lower-case words get in, never anything else.
 */
const items = pgTable("items", { id: integer("id").primaryKey(), status: text("status") });
const db = drizzle.mock();

describe("values written into a statement", () => {
  it("writes a row limit into the text, not as a parameter", () => {
    const q = db.select().from(items).limit(literalLimit(21)).toSQL();
    expect(q.sql).toMatch(/ limit 21$/);
    expect(q.params).toEqual([]);
  });

  it("writes constants as a quoted list, beside the statement's own parameters", () => {
    const q = db
      .select()
      .from(items)
      .where(sql`${inConstants(items.status, ["assigned", "in_progress"])} and ${items.id} = ${7}`)
      .toSQL();
    expect(q.sql).toContain(`"items"."status" in ('assigned', 'in_progress') and "items"."id" = $1`);
    expect(q.params).toEqual([7]);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s as a row limit", (rows) => {
    expect(() => literalLimit(rows)).toThrow(/whole number/);
  });

  it.each([[["assigned'); drop table tasks; --"]], [["Assigned"]], [["in progress"]], [[""]], [[]]])(
    "refuses %j as constants",
    (values) => {
      expect(() => inConstants(items.status, values)).toThrow(/not a list of constants/);
    },
  );
});
