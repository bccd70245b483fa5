import { asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { columnPlaceholders } from "../../db/prepared.js";
import { auditEvents, firms, matters, outbox, people, tasks } from "../../db/schema.js";
import { deliverPending } from "../../src/notify/deliver.js";
import type { Sender } from "../../src/notify/sender.js";
import { verifyChain } from "../../src/services/audit-chain.js";
import { enqueue, type Notification } from "../../src/services/outbox.js";
import { type AuditEntry, recordAudit } from "../../src/services/record-audit.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";

/*
 * recordAudit and enqueue send one row through a statement built once with placeholders, and
 * several rows through a statement drizzle builds per call (src/services/record-audit.ts,
 * outbox.ts): both must write the same row. Placeholders skip nothing of drizzle's encoding
 * (db/prepared.ts columnPlaceholder): dates, jsonb and nulls must come back as written.
 */

/** Text that JSON and SQL quoting could get wrong. */
const AWKWARD = `quote " apostrophe ' backslash \\ newline \n tab \t unicode é 漢字 emoji 🙂 $1 ?`;

describe("writes built once (one row) and per call (several rows)", () => {
  let h: Harness;
  let firmId: string;
  let ids: { bob: string; maria: string; matter: string; task: string };

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    const assigned = await h.say("bob", 'assign @maria "Review exhibits" matter:M-1 due:"fri 5pm"');
    expect(assigned.tone).not.toBe("error");
    const db = h.database.db;
    const [firm] = await db.select({ id: firms.id }).from(firms).limit(1);
    const team = await db.select({ id: people.id, name: people.displayName }).from(people);
    const [matter] = await db.select({ id: matters.id }).from(matters).where(eq(matters.number, "M-1"));
    const [task] = await db.select({ id: tasks.id }).from(tasks).limit(1);
    const idOf = (name: string) => team.find((p) => p.name.toLowerCase() === name)?.id;
    const bob = idOf("bob");
    const maria = idOf("maria");
    if (!firm || !matter || !task || !bob || !maria) throw new Error("seed incomplete");
    firmId = firm.id;
    ids = { bob, maria, matter: matter.id, task: task.id };
  });

  const at = new Date("2026-12-01T14:00:00.123Z");

  const auditEntries = (): AuditEntry[] => [
    {
      firmId,
      at,
      actorId: ids.bob,
      action: "task.assigned",
      taskId: ids.task,
      matterId: ids.matter,
      subjectId: ids.maria,
      detail: {
        text: AWKWARD,
        dueAt: at.toISOString(),
        n: 3,
        f: 1.5,
        yes: true,
        none: null,
        list: [1, "two", { three: [] }],
        nested: { deeper: { a: "b" } },
      },
    },
    // Everything optional left out: nulls, and detail {}.
    { firmId, at, actorId: null, action: "task.viewed" },
  ];

  it("records the same audit event from one entry as from a batch, and the chain holds", async () => {
    const entries = auditEntries();
    const db = h.database.db;
    // One at a time (the built-once statement), then all together (built per call), twice each
    // way so a statement built by an earlier call is the one reused.
    for (const entry of [...entries, ...entries]) await db.transaction((tx) => recordAudit(tx, entry));
    await db.transaction((tx) => recordAudit(tx, entries));
    await recordAudit(db, entries);
    await recordAudit(db, entries[0] as AuditEntry);

    const trail = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.firmId, firmId))
      .orderBy(asc(auditEvents.seq));
    const written = trail.slice(-7).map(({ id, seq, prevHash, hash, chainedAt, ...row }) => row);
    // The full entry is stored as it is; the sparse one with nulls and an empty detail.
    const [full, sparse] = [
      entries[0],
      { ...entries[1], taskId: null, matterId: null, subjectId: null, detail: {} },
    ];
    expect(written).toEqual([full, sparse, full, sparse, full, sparse, full]);
    // Stored as jsonb objects, not as a JSON string (double encoding) or JSON null.
    const kinds = await h.database.query<{ kind: string }>(
      "select jsonb_typeof(detail) as kind from audit_events where firm_id = $1 order by seq desc limit 7",
      [firmId],
    );
    expect(kinds.map((k) => k.kind)).toEqual(Array(7).fill("object"));
    expect(await verifyChain(db, firmId)).toMatchObject({ intact: true });
  });

  const notifications = (tag: string): Notification[] => [
    {
      firmId,
      personId: ids.maria,
      taskId: ids.task,
      kind: "task.assigned",
      dedupeKey: `${tag}:full`,
      notBefore: new Date("2026-12-02T01:00:00.456Z"),
      view: {
        tone: "success",
        title: AWKWARD,
        lines: [AWKWARD, "second line"],
        fields: [{ label: "Due", value: "Fri 5:00 PM" }],
        actions: [{ action: "start", task: 1, version: 1, label: "Start", style: "primary" }],
        audience: "private",
      },
    },
    // No task, held for nobody: taskId null, next attempt now.
    {
      firmId,
      personId: ids.bob,
      kind: "digest.note",
      dedupeKey: `${tag}:sparse`,
      view: { tone: "info", lines: [], audience: "private" },
    },
  ];

  it("queues the same outbox row from one notification as from a batch, once per dedupe key", async () => {
    const db = h.database.db;
    const rowsOf = async (tag: string) => {
      const rows = await db
        .select()
        .from(outbox)
        .where(sql`${outbox.dedupeKey} like ${`${tag}:%`}`)
        .orderBy(asc(outbox.id));
      return rows.map(({ id, dedupeKey, ...row }) => row);
    };
    for (const n of notifications("one")) await db.transaction((tx) => enqueue(tx, at, [n]));
    for (const n of notifications("one-again")) await enqueue(db, at, [n]);
    await db.transaction((tx) => enqueue(tx, at, notifications("batch")));
    // A key already queued is not queued again, on either path.
    for (const n of notifications("one")) await enqueue(db, at, [{ ...n, kind: "again" }]);
    await enqueue(db, at, notifications("batch"));

    const one = await rowsOf("one");
    expect(one).toHaveLength(2);
    expect(await rowsOf("one-again")).toEqual(one);
    expect(await rowsOf("batch")).toEqual(one);
    const [full, sparse] = notifications("x");
    expect(one).toMatchObject([
      {
        personId: ids.maria,
        channelId: null,
        taskId: ids.task,
        kind: "task.assigned",
        payload: { v: 1, ...full?.view },
        nextAttemptAt: full?.notBefore,
        createdAt: at,
        status: "pending",
      },
      {
        personId: ids.bob,
        taskId: null,
        kind: "digest.note",
        payload: { v: 1, ...sparse?.view },
        nextAttemptAt: at,
      },
    ]);
    const kinds = await h.database.query<{ kind: string }>(
      "select jsonb_typeof(payload) as kind from outbox where dedupe_key ~ '^(one|one-again|batch):'",
    );
    expect(kinds.map((k) => k.kind)).toEqual(Array(6).fill("object"));
  });

  it("marks a delivered message sent with the platform's reference, or SQL NULL without one", async () => {
    const db = h.database.db;
    await db.delete(outbox);
    await enqueue(db, at, notifications("send"));
    const refs: unknown[] = [{ channel: "D1", ts: AWKWARD }, undefined];
    const sender: Sender = {
      platform: "console",
      send: async () => {
        const externalRef = refs.shift();
        return externalRef === undefined ? undefined : { externalRef };
      },
    };
    const now = new Date("2026-12-03T00:00:00Z");
    expect(await deliverPending(db, [sender], { now })).toBe(2);
    const rows = await h.database.query<{ status: string; sent: boolean; error: null; ref: string | null }>(
      `select status, sent_at >= $1 as sent, last_error as error, jsonb_typeof(external_ref) as ref
       from outbox order by id`,
      [now.toISOString()],
    );
    expect(rows).toEqual([
      { status: "sent", sent: true, error: null, ref: "object" },
      { status: "sent", sent: true, error: null, ref: null },
    ]);
    const stored = await db.select({ ref: outbox.externalRef }).from(outbox).orderBy(asc(outbox.id));
    expect(stored).toEqual([{ ref: { channel: "D1", ts: AWKWARD } }, { ref: null }]);
  });

  it("sends a null timestamp or jsonb placeholder as NULL, and a value through the column's encoder", async () => {
    const db = h.database.db;
    await db.delete(outbox);
    await enqueue(db, at, notifications("set"));
    const [first] = await db.select({ id: outbox.id }).from(outbox).orderBy(asc(outbox.id)).limit(1);
    if (!first) throw new Error("nothing queued");
    const setBoth = db
      .update(outbox)
      .set(columnPlaceholders(outbox, ["sentAt", "externalRef"]))
      .where(eq(outbox.id, sql.placeholder("id")))
      .returning({ sentAt: outbox.sentAt, externalRef: outbox.externalRef })
      .prepare("test_set_sent");
    const sentAt = new Date("2026-12-04T05:06:07.089Z");
    expect(await setBoth.execute({ id: first.id, sentAt, externalRef: [AWKWARD] })).toEqual([
      { sentAt, externalRef: [AWKWARD] },
    ]);
    expect(await setBoth.execute({ id: first.id, sentAt: null, externalRef: null })).toEqual([
      { sentAt: null, externalRef: null },
    ]);
    const [raw] = await h.database.query<{ nulls: boolean }>(
      "select sent_at is null and external_ref is null as nulls from outbox where id = $1",
      [first.id],
    );
    expect(raw).toEqual({ nulls: true });
    // An undefined value would have been `default` in a per-call insert: refused, not sent.
    await expect(setBoth.execute({ id: first.id, sentAt: undefined, externalRef: null })).rejects.toThrow(
      /no value for sentAt/,
    );
  });
});
