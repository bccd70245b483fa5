import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox, people } from "../../db/schema.js";
import { deliverPending } from "../../src/notify/deliver.js";
import type { Delivery, Sender } from "../../src/notify/sender.js";
import { OUTBOX_PAYLOAD_VERSION, viewOfPayload } from "../../src/views/outbox-payload.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";

/*
 * Outbox payloads carry their version and are checked when read back: rows queued now
 * (`{ v: 1, …view }`) and rows queued before versioning (the bare view) are delivered alike; a row
 * that cannot be read is parked with that reason, never sent half-read.
 */
describe("outbox payloads: versioned, checked on read", () => {
  let h: Harness;
  let delivered: Delivery[];
  const sender: Sender = { platform: "console", send: async (d) => void delivered.push(d) };
  const deliver = () => deliverPending(h.database.db, [sender], { now: h.clock.now() });

  /** A row queued the way an older release did: the payload is the bare view, no version. */
  const insertOldRow = async (payload: unknown, dedupeKey: string) => {
    const [maria] = await h.database.db.select().from(people).where(eq(people.displayName, "maria"));
    if (!maria) throw new Error("no maria");
    await h.database.query(
      `insert into outbox (firm_id, person_id, kind, payload, dedupe_key, next_attempt_at, created_at)
       values ($1, $2, 'test.old', $3::jsonb, $4, $5, $5)`,
      [maria.firmId, maria.id, JSON.stringify(payload), dedupeKey, h.clock.now().toISOString()],
    );
  };

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    delivered = [];
  });

  it("writes the version with the view, and reads it back as the same view", async () => {
    const said = await h.say("bob", 'assign @maria "Exhibit review" matter:M-1 due:"2026-12-09 17:00"');
    expect(said.tone, said.lines.join(" ")).not.toBe("error");
    const [row] = await h.database.db.select().from(outbox).orderBy(asc(outbox.id)).limit(1);
    expect(row?.payload).toMatchObject({ v: OUTBOX_PAYLOAD_VERSION, tone: expect.any(String) });
    await deliver();
    const first = delivered[0];
    expect(first?.kind).toBe(row?.kind);
    expect(first?.view).not.toHaveProperty("v");
    expect(first?.view.lines.length).toBeGreaterThan(0);
  });

  it("delivers a row queued before versioning, unchanged", async () => {
    const old: View = {
      tone: "info",
      title: "T-9 · Old row",
      lines: ["Queued by an earlier release."],
      fields: [{ label: "Due", value: "Fri 4 Dec" }],
      actions: [{ action: "ack", task: 9, version: 1, label: "Acknowledge" }],
      audience: "private",
    };
    await insertOldRow(old, "old-row-1");
    await deliver();
    expect(delivered.map((d) => d.view)).toEqual([old]);
    const [row] = await h.database.db.select().from(outbox).where(eq(outbox.dedupeKey, "old-row-1"));
    expect(row?.status).toBe("sent");
  });

  it("parks a row it cannot read, saying so, and sends nothing of it", async () => {
    await insertOldRow({ tone: "loud", lines: "not a list" }, "bad-row-1");
    await insertOldRow(
      { v: 2, tone: "info", lines: ["from a newer release"], audience: "private" },
      "new-row-1",
    );
    // The first failure holds back the later row to the same person until the next round.
    await deliver();
    await deliver();
    expect(delivered).toEqual([]);
    const rows = await h.database.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((r) => [r.dedupeKey, r.status])).toEqual([
      ["bad-row-1", "parked"],
      ["new-row-1", "parked"],
    ]);
    for (const r of rows) expect(r.lastError).toContain("cannot be read");
  });

  it("reads a payload stored as JSON text too", () => {
    expect(viewOfPayload(JSON.stringify({ v: 1, tone: "info", lines: ["a"], audience: "private" }))).toEqual({
      tone: "info",
      lines: ["a"],
      audience: "private",
    });
    expect(() => viewOfPayload("{not json")).toThrow(/cannot be read/);
  });
});
