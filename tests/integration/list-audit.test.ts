import { asc, eq } from "drizzle-orm";
import { PDFParse } from "pdf-parse";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../db/schema.js";
import { makePacket } from "../../src/packets/packet-command.js";
import { resolveSpeaker } from "../../src/services/actor.js";
import { createHarness, type Harness, sayOk, seedFirm } from "../support/core-harness.js";

/*
 * A professional's `list` is one audit event naming the tasks it showed, by matter (not one event
 * per task, which drowned the real events in `audit`); the packets still show what she saw.
 */

const pdfText = async (bytes: Uint8Array): Promise<string> => {
  const parser = new PDFParse({ data: Buffer.from(bytes) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, " ");
  } finally {
    await parser.destroy();
  }
};

describe("a professional's list in the audit trail", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await sayOk(h, "bob", 'assign @maria "Alpha" matter:M-1 due:"2026-12-04 17:00"');
    await sayOk(h, "bob", 'assign @maria "Beta" matter:M-2 due:"2026-12-04 17:00"');
    await sayOk(h, "bob", 'assign @maria "Gamma" matter:M-1 due:"2026-12-04 17:00"');
  });

  it("writes one event for the whole list, read as one sentence", async () => {
    const before = await h.database.db.select().from(auditEvents);
    await sayOk(h, "maria", "list");
    const after = await h.database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    const added = after.slice(before.length);
    expect(added.map((e) => [e.action, e.matterId, e.detail])).toEqual([
      ["task.listed", null, { via: "list", scope: "mine", tasks: { "M-1": ["T-1", "T-3"], "M-2": ["T-2"] } }],
    ]);
    const trail = await sayOk(h, "alice", "audit @maria");
    const last = trail.items?.at(-1)?.text ?? "";
    expect(last).toMatch(/ · maria listed 3 tasks \(list mine\): T-1 and T-3 on M-1; T-2 on M-2\.$/);
    // An attorney's list is not audited (attorneys see every task).
    const count = (await h.database.db.select().from(auditEvents)).length;
    await sayOk(h, "bob", "list all");
    expect((await h.database.db.select().from(auditEvents)).length).toBe(count);
  });

  it("writes one event for a matter list too", async () => {
    const before = (await h.database.db.select().from(auditEvents)).length;
    await sayOk(h, "maria", "matter list");
    const after = await h.database.db.select().from(auditEvents).orderBy(asc(auditEvents.seq));
    expect(after.slice(before).map((e) => [e.action, e.matterId, e.detail])).toEqual([
      ["matter.listed", null, { via: "matter list", matters: ["M-1", "M-2"] }],
    ]);
    const trail = await sayOk(h, "alice", "audit @maria");
    expect(trail.items?.at(-1)?.text).toMatch(/ · maria listed their matters: M-1 and M-2\.$/);
  });

  it("shows in each matter's packet the tasks of that matter she listed, and only those", async () => {
    await sayOk(h, "maria", "list");
    await sayOk(h, "maria", "matter list");
    const who = await resolveSpeaker(h.deps.db, h.speaker("alice"), h.clock.now());
    if (who.kind !== "known") throw new Error("alice is not known");
    const m2 = await pdfText((await makePacket(h.deps, who.actor, { name: "packet", matter: "M-2" })).bytes);
    expect(m2).toContain("listed T-2 on M-2 (list mine)");
    expect(m2).toContain("listed matter M-2 (matter list)");
    expect(m2).not.toContain("T-1 and");
    expect(m2).not.toMatch(/listed[^·]*M-1/);
    const m1 = await pdfText((await makePacket(h.deps, who.actor, { name: "packet", matter: "M-1" })).bytes);
    expect(m1).toContain("listed T-1, T-3 on M-1 (list mine)");
    expect(m1).toContain("listed matter M-1 (matter list)");
    const [listed] = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "task.listed"));
    expect(listed?.detail).toMatchObject({ tasks: { "M-2": ["T-2"] } });
  });
});
