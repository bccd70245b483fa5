import { and, asc, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, matterStaff, people, timeEntries } from "../../db/schema.js";
import { createHarness, type Harness, rowCounts, sayOk, seedFirm, textOf } from "../support/core-harness.js";

/*
 * Matters as need-to-know boundaries: who is staffed where (a grant history), restrictions and
 * client consent enforced wherever access is granted, and access ended by `matter unstaff` and
 * by reassignment.
 */
describe("matters: staffing, restrictions and consent", () => {
  let h: Harness;
  /** Says a command that must be refused, and proves it changed nothing but the audit trail. */
  const refused = async (who: string, text: string) => {
    const { audit_events: _, ...before } = await rowCounts(h.database);
    const v = await h.say(who, text);
    expect(v.tone, `${who}: ${text}`).toBe("error");
    const { audit_events: __, ...after } = await rowCounts(h.database);
    expect(after, text).toEqual(before);
    return v.lines.join(" ");
  };
  const grants = async (name: string) =>
    h.database.db
      .select({ grant: matterStaff })
      .from(matterStaff)
      .innerJoin(people, eq(people.id, matterStaff.personId))
      .where(eq(people.displayName, name))
      .orderBy(asc(matterStaff.createdAt));

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    await sayOk(h, "alice", "team set @dev nda:2026-02-01 delivery:onshore");
    await sayOk(h, "bob", 'assign @maria "Exhibit review" matter:M-1 due:"fri 5pm"');
  });

  it("lists every matter to attorneys, and to a professional only those they are staffed on", async () => {
    const forBob = textOf(await sayOk(h, "bob", "matter list"));
    expect(forBob).toContain("M-1 · Smith v. Jones · client Smith · 1 staffed · 1 open task");
    expect(forBob).toContain("M-2 · Estate of Brown · 0 staffed · 0 open tasks");
    const forMaria = await sayOk(h, "maria", "matter list");
    expect(forMaria.items?.map((i) => i.text)).toEqual(["M-1 · Smith v. Jones · Smith"]);
    expect(textOf(await sayOk(h, "dev", "matter list"))).toContain("None at the moment.");
    const reads = await h.database.db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.action, ["matter.viewed", "matter.listed"]));
    expect(reads.map((r) => [r.action, r.detail])).toEqual([
      ["matter.listed", { via: "matter list", matters: ["M-1"] }],
    ]);
  });

  it("shows attorneys the staffing history, restrictions, consent, billing and open tasks", async () => {
    await sayOk(h, "alice", 'matter set M-1 consent:2026-11-20 consent-ref:"engagement letter §7" bill:cost');
    await sayOk(h, "bob", 'assign @dev "Index" matter:M-1 due:"fri 5pm"');
    await sayOk(h, "alice", "matter unstaff M-1 @dev");
    const view = await sayOk(h, "carol", "matter show M-1");
    const text = textOf(view);
    expect(text).toContain("Who may work on it: open to every delivery model");
    expect(text).toContain("Client consent to outsourcing: given Fri 20 Nov 2026 (engagement letter §7)");
    expect(text).toContain("Billing: billed at cost");
    expect(text).toMatch(
      /Staffed: maria · professional · offshore · Acme LPO · granted Tue 1 Dec 2026, 9:00 AM EST by bob · NDA to Fri 15 Jan 2027/,
    );
    expect(text).toMatch(
      /Was staffed: dev · professional · onshore · granted Tue 1 Dec 2026, 9:00 AM EST by bob · ended Tue 1 Dec 2026, 9:00 AM EST by alice \(removed from the matter\)/,
    );
    expect(text).toContain("Open: T-1 · Exhibit review · maria · assigned");
    expect(text).toContain("Open: T-2 · Index · dev · assigned");
  });

  it("shows a professional a matter only while staffed, refusing like a missing one and auditing it", async () => {
    expect(textOf(await sayOk(h, "maria", "matter show M-1"))).toContain(
      "Your open task: T-1 · Exhibit review",
    );
    const other = await h.say("maria", "matter show M-2");
    const missing = await h.say("maria", "matter show M-9");
    expect(other.lines).toEqual(missing.lines.map((l) => l.replaceAll("M-9", "M-2")));
    const rows = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "access.refused"))
      .orderBy(asc(auditEvents.id));
    expect(rows.map((r) => [r.matterId !== null, r.detail])).toEqual([
      [true, { via: "matter show", matter: "M-2" }],
      [false, { via: "matter show", matter: "M-9" }],
    ]);
  });

  it("changes a matter (admins), audited in plain words, and refuses what makes no sense", async () => {
    expect(await refused("bob", "matter set M-1 delivery:onshore")).toBe("Only admins can change matters.");
    expect(await refused("alice", "matter set M-1 consent:2027-01-01")).toContain(
      "cannot be dated in the future",
    );
    expect(await refused("alice", 'matter set M-1 consent-ref:"letter"')).toContain(
      "has no consent date on record",
    );
    expect(await refused("alice", "matter set M-1 bill:rate")).toContain("already like that");
    const reply = await sayOk(h, "alice", "matter set M-1 delivery:onshore,nearshore");
    expect(reply.lines[0]).toBe(
      "Updated M-1: limited to onshore, nearshore work (was open to every delivery model).",
    );
    // maria (offshore) is staffed there: the admin is told, with the commands to end it.
    expect(textOf(reply)).toContain("maria is staffed on M-1 but would not be allowed now");
    expect(textOf(reply)).toContain(
      "matter unstaff M-1 @maria; first reassign what they hold there: reassign T-1 @someone",
    );
    const [event] = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "matter.updated"));
    expect(event?.detail).toEqual({
      changes: ["limited to onshore, nearshore work (was open to every delivery model)"],
    });
  });

  it("enforces the delivery restriction wherever access is granted, naming the command that changes it", async () => {
    await sayOk(h, "alice", "matter set M-2 delivery:onshore");
    const fix = "An admin can change the matter's restriction: matter set M-2 delivery:onshore,offshore";
    expect(await refused("bob", 'assign @maria "X" matter:M-2 due:"fri 5pm"')).toBe(
      `M-2 is limited to onshore work, and maria works offshore. ${fix}`,
    );
    expect(await refused("alice", "matter staff M-2 @maria")).toContain(fix);
    await sayOk(h, "bob", 'assign @dev "Y" matter:M-2 due:"fri 5pm"');
    expect(await refused("bob", "reassign T-2 @maria")).toContain(fix);
  });

  it("with require-consent, gives professionals access only to matters with consent on record", async () => {
    const on = await sayOk(h, "alice", "firm set require-consent:yes");
    expect(textOf(on)).toContain("M-1 has professionals staffed and no client consent on record");
    const why = await refused("bob", 'assign @dev "Z" matter:M-2 due:"fri 5pm"');
    expect(why).toContain(
      "The firm requires the client's consent before outsourced work, and M-2 has none on record.",
    );
    expect(why).toContain('matter set M-2 consent:YYYY-MM-DD consent-ref:"engagement letter §7"');
    expect(why).toContain("firm set require-consent:no");
    await sayOk(h, "alice", 'matter set M-2 consent:2026-11-30 consent-ref:"email from client"');
    await sayOk(h, "bob", 'assign @dev "Z" matter:M-2 due:"fri 5pm"');
  });

  it("matter unstaff ends the grant (audited); the professional no longer sees the work there", async () => {
    expect(await refused("bob", "matter unstaff M-1 @maria")).toBe("Only admins can unstaff matters.");
    const reply = await sayOk(h, "alice", "matter unstaff M-1 @maria");
    expect(textOf(reply)).toContain("maria is no longer staffed on M-1");
    expect(textOf(reply)).toContain("T-1 · M-1 · Exhibit review · assigned");
    expect(textOf(reply)).toContain("reassign T-1 @someone");
    const [g] = await grants("maria");
    expect(g?.grant.removedReason).toBe("unstaffed");
    expect(g?.grant.removedAt?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
    expect((await h.say("maria", "show T-1")).lines[0]).toBe("T-1 not found. Try: list all");
    expect(textOf(await sayOk(h, "maria", "list"))).toContain("Nothing here.");
    expect(await refused("alice", "matter unstaff M-1 @maria")).toContain("maria is not staffed on M-1");
    const events = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "matter.unstaffed"));
    expect(events.map((e) => e.detail)).toEqual([{ reason: "unstaffed" }]);
    // A new grant is a new row: the ended one stays as history.
    await sayOk(h, "alice", "matter staff M-1 @maria");
    expect((await grants("maria")).map((r) => r.grant.removedReason)).toEqual(["unstaffed", null]);
  });

  it("reassign unstaffs the previous assignee when they hold no other open task there; their time stays theirs", async () => {
    await sayOk(h, "maria", "submit T-1 spent:2h");
    await sayOk(h, "bob", 'changes T-1 "more"');
    await sayOk(h, "bob", 'assign @maria "Second" matter:M-1 due:"fri 5pm"');
    const first = await sayOk(h, "bob", "reassign T-1 @dev");
    expect(textOf(first)).not.toContain("access to it has ended");
    expect((await grants("maria")).map((r) => r.grant.removedAt)).toEqual([null]);
    const second = await sayOk(h, "bob", "reassign T-2 @dev");
    expect(textOf(second)).toContain(
      "maria holds no other open work on M-1, so their access to it has ended",
    );
    expect((await grants("maria")).map((r) => r.grant.removedReason)).toEqual(["reassigned"]);
    const logged = await h.database.db
      .select({ name: people.displayName, minutes: timeEntries.minutes })
      .from(timeEntries)
      .innerJoin(people, eq(people.id, timeEntries.personId));
    expect(logged).toEqual([{ name: "maria", minutes: 120 }]);
    const unstaffed = await h.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "matter.unstaffed")));
    expect(unstaffed.map((e) => e.detail)).toEqual([{ reason: "reassigned" }]);
  });
});
