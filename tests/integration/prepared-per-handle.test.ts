import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { firms, matters } from "../../db/schema.js";
import { findMatter } from "../../src/services/matter-service.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";

/*
 * Statements built once and reused inside later transactions (db/prepared.ts preparedPerHandle)
 * must run on each transaction's own connection: they see that transaction's uncommitted rows,
 * and nothing of a transaction that rolled back.
 */
describe("statements prepared once, run inside each transaction", () => {
  let h: Harness;
  let firmId: string;

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    const [firm] = await h.database.db.select({ id: firms.id }).from(firms).limit(1);
    if (!firm) throw new Error("no firm");
    firmId = firm.id;
  });

  const rollback = new Error("roll back");
  const inRolledBackTx = async (number: string) => {
    let seen: { own?: string; other?: unknown; outside?: string } = {};
    await h.database.db
      .transaction(async (tx) => {
        await tx.insert(matters).values({ firmId, number, title: `Matter ${number}` });
        seen = { own: (await findMatter(tx, firmId, number)).title };
        // The matter of the earlier (rolled-back) transaction is not there.
        seen.other = await findMatter(tx, firmId, number === "T-A" ? "T-B" : "T-A").catch(
          (e: Error) => e.message,
        );
        throw rollback;
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
      });
    return seen;
  };

  it("sees its own transaction's rows, in the first transaction and in the next ones", async () => {
    expect(await inRolledBackTx("T-A")).toMatchObject({ own: "Matter T-A" });
    const second = await inRolledBackTx("T-B");
    expect(second.own).toBe("Matter T-B");
    expect(String(second.other)).toMatch(/T-A/);
    const third = await inRolledBackTx("T-A");
    expect(third.own).toBe("Matter T-A");
    expect(String(third.other)).toMatch(/T-B/);
    // Outside any transaction: the committed matter, and neither of the rolled-back ones.
    expect((await findMatter(h.database.db, firmId, "M-1")).title).toBe("Smith v. Jones");
    await expect(findMatter(h.database.db, firmId, "T-A")).rejects.toThrow(/T-A/);
    expect(await h.database.db.select().from(matters).where(eq(matters.number, "T-B"))).toEqual([]);
  });

  it("runs in transactions open at once, each seeing its own rows", async () => {
    // On PostgreSQL these interleave on several connections; the embedded database runs them in turn.
    const numbers = ["C-1", "C-2", "C-3", "C-4"];
    const seen = await Promise.all(
      numbers.map((number) =>
        h.database.db.transaction(async (tx) => {
          await tx.insert(matters).values({ firmId, number, title: `Matter ${number}` });
          return (await findMatter(tx, firmId, number)).title;
        }),
      ),
    );
    expect(seen).toEqual(numbers.map((n) => `Matter ${n}`));
  });

  it("opens a transaction without building drizzle's relational query builders", async () => {
    // With the schema, drizzle builds one for every table on every transaction (db/client.ts);
    // Delegate's queries name their tables and use none of them.
    const builders = await h.database.db.transaction(async (tx) => Object.keys(tx.query));
    expect(builders).toEqual([]);
    expect(Object.keys(h.database.db.query)).toEqual([]);
  });
});
