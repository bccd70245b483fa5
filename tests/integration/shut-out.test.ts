import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, matterStaff, outbox, people } from "../../db/schema.js";
import { runAlerts } from "../../src/jobs/run-alerts.js";
import { deliverPending } from "../../src/notify/deliver.js";
import type { Delivery, Sender } from "../../src/notify/sender.js";
import { createHarness, type Harness, rowCounts, sayOk, seedFirm, textOf } from "../support/core-harness.js";

/*
 * Access ends the instant its reason does: an expired NDA or `active:no` shuts a professional out
 * of reads, changes and notifications carrying task text; admins are told, with the work left
 * behind and the commands to reassign it.
 */
describe("shut out: expired NDA and deactivation", () => {
  let h: Harness;
  let delivered: Delivery[];
  let sender: Sender;
  const deliver = () => deliverPending(h.database.db, [sender], { now: h.clock.now() });
  const outboxRows = () =>
    h.database.db
      .select({ row: outbox, to: people.displayName })
      .from(outbox)
      .innerJoin(people, eq(people.id, outbox.personId))
      .orderBy(asc(outbox.id));

  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    delivered = [];
    sender = { platform: "console", send: async (d) => void delivered.push(d) };
    await sayOk(h, "alice", "team set @maria nda-expires:2026-12-10");
    await sayOk(h, "bob", 'assign @maria "Exhibit review" matter:M-1 due:"2026-12-09 17:00"');
    await sayOk(h, "bob", 'assign @maria "Privilege log" matter:M-2 due:"2026-12-15 17:00"');
    await deliver();
    delivered = [];
  });

  it("lets her in through the NDA's last day and shuts her out from the next midnight (firm's zone)", async () => {
    h.clock.set("2026-12-11T04:59:00Z"); // 23:59 on 10 Dec in New York
    expect((await h.say("maria", "show T-1")).tone).not.toBe("error");
    h.clock.set("2026-12-11T05:00:00Z");
    for (const cmd of ["show T-1", "list all", "start T-1", "submit T-1", "matter show M-1", "matter list"]) {
      const { audit_events: _, ...before } = await rowCounts(h.database);
      const view = await h.say("maria", cmd);
      expect(view.lines, cmd).toEqual([
        "Your NDA with Smith & Lee LLP expired on Thu 10 Dec 2026, so your access to its matters has ended. Ask an admin to record a renewal.",
      ]);
      expect(textOf(view)).not.toContain("Exhibit review");
      const { audit_events: __, ...after } = await rowCounts(h.database);
      expect(after, cmd).toEqual(before);
    }
    // A click on an old button is the same command: refused the same way.
    expect((await h.click("maria", { action: "start", task: 1, version: 1 })).lines[0]).toContain("expired");
    const refusals = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "access.refused"))
      .orderBy(asc(auditEvents.id));
    expect(refusals.map((r) => r.detail)).toEqual(
      ["show", "list", "start", "submit", "matter show", "matter list", "start"].map((via) => ({
        via,
        reason: "nda_expired",
      })),
    );
    // team list and matter show flag it for the firm.
    expect(textOf(await sayOk(h, "alice", "team list"))).toContain("NDA EXPIRED Thu 10 Dec 2026");
    expect(textOf(await sayOk(h, "bob", "matter show M-1"))).toContain("maria · professional · offshore");
    expect(textOf(await sayOk(h, "bob", "matter show M-1"))).toContain("NDA EXPIRED Thu 10 Dec 2026");
  });

  it("tells admins on the expiry day, once, with her open tasks and the command to reassign each", async () => {
    await runAlerts({ db: h.database.db }, new Date("2026-12-10T15:00:00Z"));
    await runAlerts({ db: h.database.db }, new Date("2026-12-10T16:00:00Z"));
    await runAlerts({ db: h.database.db }, new Date("2026-12-12T16:00:00Z"));
    h.clock.set("2026-12-12T16:00:00Z");
    await deliver();
    const toAlice = delivered.filter(
      (d) => d.to.kind === "person" && d.to.displayName === "alice" && d.kind.startsWith("alert.nda"),
    );
    expect(toAlice.map((d) => d.kind)).toEqual(["alert.nda_expired"]);
    const text = textOf(toAlice[0]?.view ?? { tone: "info", lines: [], audience: "private" });
    expect(text).toContain("maria's NDA with the firm expires today (Thu 10 Dec 2026)");
    expect(text).toContain(
      "T-1 · M-1 · Exhibit review · assigned · due Wed 9 Dec 2026, 5:00 PM EST → reassign T-1 @someone",
    );
    expect(text).toContain(
      "T-2 · M-2 · Privilege log · assigned · due Tue 15 Dec 2026, 5:00 PM EST → reassign T-2 @someone",
    );
    expect(text).toContain("team set @maria nda-expires:YYYY-MM-DD");
  });

  it("ends her grants as of the lapse, once the tick runs after it; a renewal does not restore them", async () => {
    await runAlerts({ db: h.database.db }, new Date("2026-12-11T06:00:00Z"));
    const grants = await h.database.db
      .select()
      .from(matterStaff)
      .innerJoin(people, eq(people.id, matterStaff.personId))
      .where(eq(people.displayName, "maria"));
    expect(
      grants.map((g) => [g.matter_staff.removedReason, g.matter_staff.removedAt?.toISOString()]),
    ).toEqual([
      ["nda_expired", "2026-12-11T05:00:00.000Z"],
      ["nda_expired", "2026-12-11T05:00:00.000Z"],
    ]);
    h.clock.set("2026-12-11T15:00:00Z");
    const renewed = await sayOk(h, "alice", "team set @maria nda-expires:2027-12-31");
    expect(renewed.lines).toEqual([
      "Updated maria: NDA expires Fri 31 Dec 2027 (was Thu 10 Dec 2026).",
      "maria can use Delegate again. Access to matters is not given back by this: staff them again where needed (matter staff M-… @maria).",
    ]);
    // Back in, but her old grants stay ended: her tasks stay out of sight until she is staffed again.
    expect((await h.say("maria", "show T-1")).lines[0]).toBe("T-1 not found. Try: list all");
    await sayOk(h, "alice", "matter staff M-1 @maria");
    expect((await h.say("maria", "show T-1")).title).toBe("T-1 · Exhibit review");
  });

  it("team set active:no: shut out at once, grants ended, the reply lists the work to reassign", async () => {
    const reply = await sayOk(h, "alice", "team set @maria active:no");
    const text = textOf(reply);
    expect(reply.lines[0]).toBe("Updated maria: deactivated.");
    expect(text).toContain("maria is now shut out (inactive)");
    expect(text).toContain("Their access to M-1, M-2 has ended");
    expect(text).toContain("reassign T-1 @someone");
    expect(text).toContain("reassign T-2 @someone");
    expect((await h.say("maria", "show T-1")).lines[0]).toContain("switched off");
    const ended = await h.database.db.select().from(matterStaff);
    expect(ended.map((g) => g.removedReason)).toEqual(["deactivated", "deactivated"]);
    const [event] = await h.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "person.deactivated"));
    expect(event?.detail).toEqual({ changes: ["deactivated"] });
  });

  it("a role change replies with the person's open work and what to do with it", async () => {
    const reply = await sayOk(h, "alice", "team set @bob role:professional");
    expect(reply.lines[0]).toBe("Updated bob: role professional (was attorney).");
    expect(textOf(reply)).toContain("bob supervises 2 open tasks; an admin can decide or cancel each:");
    expect(textOf(reply)).toContain('cancel T-1 "reason"');
  });

  it("withholds at delivery what was queued before the deactivation, and says why in outbox", async () => {
    await sayOk(h, "bob", 'due T-2 "2026-12-16 17:00"');
    await sayOk(h, "alice", "team set @maria active:no");
    await deliver();
    expect(delivered.filter((d) => d.to.kind === "person" && d.to.displayName === "maria")).toEqual([]);
    const rows = (await outboxRows()).filter((r) => r.to === "maria" && r.row.kind === "task.due_changed");
    expect(rows.map((r) => [r.row.status, r.row.droppedReason])).toEqual([["dropped", "inactive"]]);
    const report = textOf(await sayOk(h, "alice", "outbox"));
    expect(report).toContain("1 withheld (recipient no longer allowed to see them)");
    expect(report).toContain(
      "task due changed message to maria · withheld: the recipient is no longer active",
    );
  });

  it("withholds task text from a professional who no longer holds the task or whose NDA lapsed", async () => {
    await sayOk(h, "alice", "team set @dev nda:2026-01-01");
    // Queued for maria, then T-2 goes to dev before delivery: her copy is withheld, his delivered.
    await sayOk(h, "bob", 'due T-2 "2026-12-16 17:00"');
    await sayOk(h, "bob", "reassign T-2 @dev");
    await deliver();
    // Queued while her NDA is in force, delivered after it lapsed.
    await sayOk(h, "bob", 'due T-1 "2026-12-09 18:00"');
    h.clock.set("2026-12-11T05:00:00Z");
    await deliver();
    const byReason = (await outboxRows())
      .filter((r) => r.row.status === "dropped")
      .map((r) => [r.to, r.row.kind, r.row.droppedReason]);
    expect(byReason).toEqual([
      ["maria", "task.due_changed", "not_assignee"],
      ["maria", "task.due_changed", "nda"],
    ]);
    const sentTo = delivered.map((d) => (d.to.kind === "person" ? `${d.to.displayName}:${d.kind}` : ""));
    // The notice that the task went to dev carries no task text: she still gets it.
    expect(sentTo).toEqual(["dev:task.assigned", "maria:task.unassigned"]);
  });
});
