import { describe, expect, it } from "vitest";
import { createInboundEvents } from "../../src/services/inbound-events.js";
import { createHarness } from "../support/core-harness.js";

/* The event-id claims Slack retries are deduplicated by (tests/e2e/slack-event-dedupe.test.ts runs them over HTTP). */
describe("inbound event ids", () => {
  it("claims an id once, releases it on failure, and prunes ids older than three days", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    const events = createInboundEvents({ db: h.database.db, clock: h.clock });
    expect(await events.claim("slack", "Ev1")).toBe(true);
    expect(await events.claim("slack", "Ev1")).toBe(false);
    // Another platform's ids are its own.
    expect(await events.claim("teams", "Ev1")).toBe(true);
    expect(await events.claim("slack", "Ev2")).toBe(true);
    await events.release("slack", "Ev2");
    expect(await events.claim("slack", "Ev2")).toBe(true);

    const ids = async () =>
      (
        await h.database.query<{ event_id: string }>("select event_id from inbound_events order by event_id")
      ).map((r) => r.event_id);
    h.clock.set("2026-12-03T14:00:00Z");
    expect(await events.claim("slack", "Ev3")).toBe(true);
    expect(await ids()).toEqual(["Ev1", "Ev1", "Ev2", "Ev3"]);
    h.clock.set("2026-12-04T15:00:00Z");
    expect(await events.claim("slack", "Ev4")).toBe(true);
    expect(await ids()).toEqual(["Ev3", "Ev4"]);
  });
});
