import { createHash } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, firms } from "../../db/schema.js";
import { runDigest } from "../../src/jobs/run-digest.js";
import { resolveSpeaker } from "../../src/services/actor.js";
import { chainHead, GENESIS_HASH, shortHash, verifyChain } from "../../src/services/audit-chain.js";
import { auditVerify } from "../../src/services/audit-verify.js";
import { createHarness, type Harness, seedFirm, textOf } from "../support/core-harness.js";

/** Runs statements as a superuser with every trigger off, as someone with direct database access could. */
const tamper = (h: Harness, ...statements: ReturnType<typeof sql>[]) =>
  h.database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const statement of statements) await tx.execute(statement);
  });

const firmId = async (h: Harness): Promise<string> => {
  const [firm] = await h.database.db.select({ id: firms.id }).from(firms).limit(1);
  if (!firm) throw new Error("no firm");
  return firm.id;
};

const trail = (h: Harness, firm: string) =>
  h.database.db.select().from(auditEvents).where(eq(auditEvents.firmId, firm)).orderBy(asc(auditEvents.seq));

const verify = async (h: Harness): Promise<string> => textOf(await h.say("alice", "audit verify"));

/** seedFirm's 8 events, then T-1 assigned (staffing + assignment), started, submitted and approved: 13. */
const withHistory = async (): Promise<Harness> => {
  const h = await createHarness();
  await seedFirm(h);
  const steps: [string, string][] = [
    ["bob", 'assign @maria "Review exhibits" matter:M-1 due:"fri 5pm"'],
    ["maria", "start T-1"],
    ["maria", "submit T-1 spent:1h"],
    ["bob", "approve T-1"],
  ];
  for (const [user, text] of steps) {
    h.clock.set(new Date(h.clock.now().getTime() + 60 * 60_000));
    expect((await h.say(user, text)).tone).not.toBe("error");
  }
  return h;
};

describe("the audit hash chain", () => {
  let h: Harness;
  let firm: string;

  beforeEach(async () => {
    h = await withHistory();
    firm = await firmId(h);
  });

  it("numbers each firm's events 1, 2, 3… and links each to the one before, up to the head", async () => {
    const events = await trail(h, firm);
    expect(events).toHaveLength(13);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(13);
    for (const e of events) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await chainHead(h.database.db, firm)).toEqual({ firmId: firm, seq: 13, hash: events[12]?.hash });

    // Another firm on the same database has its own chain, from 1.
    const other = h.speaker("zed", { workspaceId: "ws-other-firm" });
    await h.core.handle({ speaker: other, text: 'setup firm:"Other LLP" tz:UTC rate:100' });
    const [otherFirm] = await h.database.db.select().from(firms).where(eq(firms.name, "Other LLP"));
    const otherTrail = await trail(h, otherFirm?.id ?? "");
    expect(otherTrail.map((e) => [e.seq, e.prevHash === GENESIS_HASH])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect((await chainHead(h.database.db, firm))?.seq).toBe(13);
  });

  it("hashes the documented canonical form, whatever the insert says about the chain columns", async () => {
    const at = new Date("2026-11-02T15:04:05.123Z");
    const [forged] = await h.database.db
      .insert(auditEvents)
      .values({
        firmId: firm,
        at,
        actorId: null,
        action: "test.event",
        detail: { version: 1, status: "assigned" },
        seq: 1,
        prevHash: "f".repeat(64),
        hash: "0".repeat(64),
        chainedAt: new Date("2020-01-01T00:00:00Z"),
      })
      .returning();
    const [previous] = await h.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.firmId, firm), eq(auditEvents.seq, 13)));
    expect(forged?.seq).toBe(14);
    expect(forged?.prevHash).toBe(previous?.hash);
    expect(forged?.chainedAt.getFullYear()).toBeGreaterThan(2020);
    const [micro] = await h.database.query<{ chained: string }>(
      `select to_char(chained_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as chained from audit_events where id = $1`,
      [forged?.id],
    );
    // The text of a jsonb array: ", " between items, ": " in objects, keys sorted (shorter first).
    const text = `["delegate-audit-v1", "${firm}", 14, "2026-11-02T15:04:05.123000Z", "${micro?.chained}", null, "test.event", null, null, null, {"status": "assigned", "version": 1}, "${previous?.hash}"]`;
    expect(createHash("sha256").update(text, "utf8").digest("hex")).toBe(forged?.hash);
  });

  it("`audit verify` recomputes the chain: intact, with the count, the span and the head; admins only", async () => {
    const head = await chainHead(h.database.db, firm);
    const reply = await verify(h);
    expect(reply).toMatch(
      /^Audit trail check\nAudit trail intact: 13 events, from #1 \(.*2026.*firm created by alice\) to #13 \(.*task approved by bob on T-1, M-1\)\./,
    );
    expect(reply).toContain(`Chain head: #13 ${shortHash(head?.hash ?? "")}.`);
    // The check is itself on the trail.
    const [checked] = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "audit.verified"));
    expect(checked).toMatchObject({ seq: 14, detail: { intact: true, events: 13 } });
    expect(await verify(h)).toMatch(/Audit trail intact: 14 events/);

    for (const user of ["bob", "maria"]) {
      const refused = await h.say(user, "audit verify");
      expect(refused.tone).toBe("error");
      expect(refused.lines[0]).toBe("Only admins can verify the audit trail.");
    }
  });

  it("checks a long trail in the background and sends the result to the admin by direct message", async () => {
    const who = await resolveSpeaker(h.database.db, h.speaker("alice"), h.clock.now());
    if (who.kind !== "known") throw new Error("alice is not known");
    const reply = await auditVerify(h.deps, who.actor, { inlineLimit: 5 });
    expect(reply.lines).toEqual([
      "Checking 13 events takes a while: the result will come to you as a direct message.",
    ]);
    const sent = async () =>
      h.database.query<{ payload: unknown; person: string }>(
        "select o.payload, p.display_name as person from outbox o join people p on p.id = o.person_id where o.kind = 'audit.verified'",
      );
    while ((await sent()).length === 0) await new Promise((r) => setTimeout(r, 20));
    const [row] = await sent();
    const view = typeof row?.payload === "string" ? JSON.parse(row.payload) : row?.payload;
    expect(row?.person).toBe("alice");
    expect(view.lines[0]).toMatch(/^Audit trail intact: 13 events, from #1/);
    const [checked] = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "audit.verified"));
    expect(checked).toMatchObject({ seq: 14, detail: { intact: true, events: 13 } });
  });

  it("finds an event edited with the triggers off, and names it: which, when, what kind", async () => {
    await tamper(
      h,
      sql`update audit_events set at = at - interval '3 days' where firm_id = ${firm} and seq = 12`,
    );
    const reply = await verify(h);
    expect(reply).toMatch(
      /Audit trail broken at event #12 \(Sat 28 Nov 2026, \d+:\d+ [AP]M EST, task submitted by maria on T-1, M-1\): its contents were changed after it was recorded\./,
    );
    expect(reply).toContain("Events #1–#11 check out.");
    const check = await verifyChain(h.database.db, firm);
    expect(check).toMatchObject({ intact: false, problem: { kind: "altered", event: { seq: 12 } } });

    // The detail alone, too.
    await tamper(
      h,
      sql`update audit_events set at = at + interval '3 days' where firm_id = ${firm} and seq = 12`,
    );
    expect(await verifyChain(h.database.db, firm)).toMatchObject({ intact: true });
    await tamper(h, sql`update audit_events set detail = '{}' where firm_id = ${firm} and seq = 13`);
    expect(await verify(h)).toMatch(
      /Audit trail broken at event #13 \(.*task approved by bob on T-1, M-1\): its contents were changed/,
    );
  });

  it("finds a deleted event, and says which is missing", async () => {
    await tamper(h, sql`delete from audit_events where firm_id = ${firm} and seq = 7`);
    const reply = await verify(h);
    expect(reply).toMatch(
      /Audit trail broken at event #8 \(.*matter created by alice, M-2\): event #7 is missing before it \(deleted\)\./,
    );
    expect(reply).toContain("Events #1–#6 check out.");
  });

  it("finds an event slipped into the middle, even with a correct hash and the later events renumbered", async () => {
    await tamper(
      h,
      sql`update audit_events set seq = -seq where firm_id = ${firm} and seq >= 10`,
      sql`update audit_events set seq = 1 - seq where firm_id = ${firm} and seq < 0`,
      sql`insert into audit_events (firm_id, at, actor_id, action, detail, seq, prev_hash, chained_at, hash)
          select firm_id, at, actor_id, 'task.approved', '{}', 10, hash, chained_at, ''
          from audit_events where firm_id = ${firm} and seq = 9`,
      sql`update audit_events e set hash = audit_event_hash(e) where firm_id = ${firm} and seq = 10`,
    );
    expect((await trail(h, firm)).map((e) => e.seq)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    const reply = await verify(h);
    expect(reply).toMatch(
      /Audit trail broken at event #10 \(.*task approved by bob\): it was slipped into the trail afterwards; the events around it do not chain through it\./,
    );
    expect(reply).toContain("Events #1–#9 check out.");
    // The chain's next number is taken by a renumbered event: the check cannot go on the trail.
    expect(reply).toContain("This check could not be added to the trail itself.");
  });

  it("finds the latest events deleted, and a trail emptied, against the chain's head", async () => {
    await tamper(h, sql`delete from audit_events where firm_id = ${firm} and seq >= 12`);
    expect(await verify(h)).toMatch(
      /Audit trail broken at the end, after event #11 \(.*task in progress by maria on T-1, M-1\): events #12–#13 are missing \(deleted\)\./,
    );
    await tamper(h, sql`delete from audit_events where firm_id = ${firm}`);
    // `audit verify` records its own check, so the trail is not empty for the next one: ask the chain.
    expect(await verifyChain(h.database.db, firm)).toMatchObject({
      intact: false,
      problem: { kind: "truncated", from: 1, to: 14 },
    });
  });

  it("finds a head rewritten to match a forged last event", async () => {
    await tamper(
      h,
      sql`update audit_events set action = 'task.cancelled' where firm_id = ${firm} and seq = 13`,
      sql`update audit_events e set hash = audit_event_hash(e) where firm_id = ${firm} and seq = 13`,
      sql`update audit_chain_heads h set hash = e.hash from audit_events e where e.firm_id = h.firm_id and e.seq = 13`,
    );
    // Event 13 is self-consistent and the head agrees: only what was published before can tell.
    expect(await verifyChain(h.database.db, firm)).toMatchObject({ intact: true });
    // Rewriting an earlier event the same way breaks the link to the next one.
    await tamper(
      h,
      sql`update audit_events set action = 'task.cancelled' where firm_id = ${firm} and seq = 5`,
      sql`update audit_events e set hash = audit_event_hash(e) where firm_id = ${firm} and seq = 5`,
    );
    expect(await verify(h)).toMatch(
      /Audit trail broken at event #6 \(.*person added by alice\): it does not follow from the event before it/,
    );
  });

  it("puts the head in the weekly digest, as the chain has it when posted", async () => {
    expect((await h.say("alice", "digest here")).tone).toBe("success");
    h.clock.set("2026-12-07T13:00:00Z");
    expect(await runDigest({ db: h.database.db }, h.clock.now())).toHaveLength(1);
    const head = await chainHead(h.database.db, firm);
    const [row] = await h.database.query<{ payload: unknown }>(
      "select payload from outbox where kind = 'digest.weekly'",
    );
    const view = typeof row?.payload === "string" ? JSON.parse(row.payload) : row?.payload;
    expect(view.lines).toContain(
      `Audit trail: 14 events, head #14 ${shortHash(head?.hash ?? "")} (admins can check it with audit verify).`,
    );
    expect(head?.seq).toBe(14);
  });
});
