import { describe, expect, it } from "vitest";
import { type Deadline, runUnderDeadline } from "../../db/deadline.js";
import { firms } from "../../db/schema.js";
import { answerWithin, TOO_SLOW } from "../../src/commands/deadline.js";
import type { DelegateError } from "../../src/domain/errors.js";
import { createHarness, seedFirm } from "../support/core-harness.js";

/*
 * Both engines: once a request has been answered, what it still had going must not change data
 * behind the answer's back. Its transaction does not start, or rolls back instead of committing.
 */

const firmNames = async (h: Awaited<ReturnType<typeof createHarness>>) =>
  (await h.database.db.select({ name: firms.name }).from(firms)).map((f) => f.name);

describe("a request's deadline in the database layer", () => {
  it("refuses to start a transaction for a request already answered", async () => {
    const h = await createHarness();
    await seedFirm(h);
    let ran = false;
    const d: Deadline = { expired: true, committing: 0 };
    await expect(
      runUnderDeadline(d, () =>
        h.database.db.transaction(async () => {
          ran = true;
        }),
      ),
    ).rejects.toMatchObject({ name: "DatabaseUnavailableError", reason: "deadline" });
    expect(ran).toBe(false);
  });

  it("rolls back, not commits, a transaction whose request was answered while it ran", async () => {
    const h = await createHarness();
    await seedFirm(h);
    const d: Deadline = { expired: false, committing: 0 };
    await expect(
      runUnderDeadline(d, () =>
        h.database.db.transaction(async (tx) => {
          await tx.update(firms).set({ name: "Renamed too late" });
          d.expired = true; // the core answered meanwhile
        }),
      ),
    ).rejects.toMatchObject({ reason: "deadline" });
    expect(await firmNames(h)).toEqual(["Smith & Lee LLP"]);
    expect(d.committing).toBe(0);
  });

  it("answerWithin answers on time when the work overruns, and the overrunning work changes nothing", async () => {
    const h = await createHarness();
    await seedFirm(h);
    let finished: Promise<unknown> = Promise.resolve();
    const started = Date.now();
    const answer = await answerWithin(
      100,
      () => {
        finished = h.database.db.transaction(async (tx) => {
          await tx.update(firms).set({ name: "Renamed by a slow request" });
          await new Promise((r) => setTimeout(r, 400));
        });
        return finished.then(() => "done");
      },
      (e: DelegateError) => `${e.code}: ${e.message}`,
    );
    expect(Date.now() - started).toBeLessThan(400);
    expect(answer).toBe(`unavailable: ${TOO_SLOW}`);
    await expect(finished).rejects.toMatchObject({ reason: "deadline" });
    expect(await firmNames(h)).toEqual(["Smith & Lee LLP"]);
  });

  it("work that does not use the database past its deadline is not disturbed", async () => {
    const h = await createHarness();
    await seedFirm(h);
    const answer = await answerWithin(
      2000,
      async () => {
        await h.database.db.transaction(async (tx) => {
          await tx.update(firms).set({ name: "Renamed in time" });
        });
        return "done";
      },
      () => "late",
    );
    expect(answer).toBe("done");
    expect(await firmNames(h)).toEqual(["Renamed in time"]);
  });
});
