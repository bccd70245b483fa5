import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { type Deadline, runUnderDeadline } from "../../db/deadline.js";
import { firms } from "../../db/schema.js";
import { ANSWER_WITHIN_MS, answerWithin, TOO_SLOW } from "../../src/commands/answer-deadline.js";
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

  it("sends no statement, in a transaction or not, for a request already answered", async () => {
    const h = await createHarness();
    await seedFirm(h);
    const past: Deadline = { expired: true, committing: 0 };
    await expect(
      runUnderDeadline(past, async () => {
        await h.database.db.update(firms).set({ name: "Renamed after the answer" });
      }),
    ).rejects.toMatchObject({ cause: { reason: "deadline" } });
    // Expired while a transaction ran: its next statement is refused and it rolls back.
    const running: Deadline = { expired: false, committing: 0 };
    await expect(
      runUnderDeadline(running, () =>
        h.database.db.transaction(async (tx) => {
          await tx.update(firms).set({ name: "Renamed in time" });
          running.expired = true;
          await tx.update(firms).set({ name: "Renamed after the answer" });
        }),
      ),
    ).rejects.toMatchObject({ cause: { reason: "deadline" } });
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

  it("a Home page is answered within the same deadline: a held database gets 'try again', not silence", async () => {
    const h = await createHarness();
    await seedFirm(h);
    // Another request holds the table every Home page reads, past the deadline (ANSWER_WITHIN_MS).
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = h.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table workspaces in access exclusive mode`);
      locked();
      await released;
    });
    await isLocked;
    const started = Date.now();
    const views = await h.core.home(h.speaker("bob"));
    const took = Date.now() - started;
    release();
    await holding;
    expect(views).toEqual([{ tone: "error", lines: [TOO_SLOW], audience: "private" }]);
    expect(took).toBeGreaterThanOrEqual(ANSWER_WITHIN_MS - 50);
    // Once the database is free, the Home page is drawn as usual.
    expect((await h.core.home(h.speaker("bob")))[0]?.tone).not.toBe("error");
  });
});
