import { asc, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, linkAttempts, workspaces } from "../../db/schema.js";
import { type Core, createCore } from "../../src/commands/dispatch.js";
import { LINK_GUESSES } from "../../src/services/link-codes.js";
import { createHarness, type Harness, seedFirm, textOf } from "../support/core-harness.js";
import { captureLogs } from "../support/log-capture.js";
import { openSecondConnection } from "../support/test-database.js";

const WRONG = "That link code is unknown, used or expired. Ask your admin for a new one (link).";

const codeFrom = async (h: Harness, admin = "alice"): Promise<string> => {
  const view = await h.say(admin, "link");
  const code = /link ([A-Z0-9]{8})/.exec(view.lines[0] ?? "")?.[1];
  if (!code) throw new Error(`no code in ${view.lines.join(" ")}`);
  return code;
};

describe("link CODE", () => {
  let h: Harness;
  let logs: ReturnType<typeof captureLogs>;
  /** Two replicas: cores on two connection pools (PGlite: one database, one connection). */
  let replicas: Core[];
  const slack = (workspaceId: string) => ({
    platform: "slack" as const,
    workspaceId,
    userId: "U-PAT",
    userName: "pat",
  });
  const tryCode = (replica: number, workspaceId: string, code: string) =>
    (replicas[replica % replicas.length] as Core).handle({
      speaker: slack(workspaceId),
      text: `link ${code}`,
    });

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    logs = captureLogs();
    const { logger } = logs;
    const second = await openSecondConnection();
    replicas = [createCore({ ...h.deps, logger }), createCore({ db: second.db, clock: h.clock, logger })];
  });

  it(`throttles wrong guesses per workspace: after ${LINK_GUESSES} in 15 minutes, even the right code waits`, async () => {
    const code = await codeFrom(h);
    const guesses = ["AAAAAAAA", "BBBBBBBB", "CCCCCCCC", "DDDDDDDD", "EEEEEEEE"];
    for (const [i, guess] of guesses.entries()) {
      h.clock.set(new Date(h.clock.now().getTime() + 60_000));
      const view = await tryCode(i, "T-ATTACKER", guess);
      expect(view.lines[0]).toBe(WRONG);
    }
    // Either replica now refuses, the right code included; the oldest guess leaves the window in 11 min.
    for (const replica of [0, 1]) {
      const view = await tryCode(replica, "T-ATTACKER", code);
      expect(view.lines[0]).toBe(
        "Too many wrong link codes were tried here, so linking is paused for 11 minutes. Then try again with a fresh code from your admin (link).",
      );
    }
    expect(
      await h.database.db.select().from(workspaces).where(eq(workspaces.externalId, "T-ATTACKER")),
    ).toEqual([]);
    const attempts = await h.database.db.select().from(linkAttempts).orderBy(asc(linkAttempts.id));
    expect(attempts.map((a) => [a.platform, a.workspaceExternalId, a.userId, a.outcome, a.firmId])).toEqual(
      guesses.map(() => ["slack", "T-ATTACKER", "U-PAT", "unknown", null]),
    );
    // Operators see each refusal in the log, without the code that was typed.
    const refusals = logs
      .logged()
      .split("\n")
      .filter((l) => l.includes('"msg":"link code refused"'));
    expect(refusals.map((l) => JSON.parse(l).outcome)).toEqual([
      ...guesses.map(() => "unknown"),
      "throttled",
      "throttled",
    ]);
    expect(refusals[0]).toContain('"workspace":"T-ATTACKER"');
    expect(logs.logged()).not.toMatch(/AAAAAAAA|EEEEEEEE/);
    expect(logs.logged()).not.toContain(code);

    // Another workspace is not held back by this one's guesses.
    expect((await tryCode(0, "T-LEGIT", code)).lines[0]).toBe(
      "This workspace now works for Smith & Lee LLP. You are signed in here as its admin.",
    );
    // Once the window has passed, the throttled workspace may try again.
    h.clock.set(new Date(h.clock.now().getTime() + 15 * 60_000));
    const fresh = await codeFrom(h);
    expect((await tryCode(1, "T-ATTACKER", fresh)).tone).toBe("success");
  });

  it("audits a wrong code that names a firm (used, expired) on that firm's trail, under the admin who made it", async () => {
    const used = await codeFrom(h);
    expect((await tryCode(0, "T-ONE", used)).tone).toBe("success");
    expect((await tryCode(1, "T-TWO", used)).lines[0]).toBe(WRONG);
    const expired = await codeFrom(h);
    h.clock.set(new Date(h.clock.now().getTime() + 16 * 60_000));
    expect((await tryCode(0, "T-TWO", expired)).lines[0]).toBe(WRONG);
    const refused = await h.database.db
      .select({ detail: auditEvents.detail, actorId: auditEvents.actorId })
      .from(auditEvents)
      .where(eq(auditEvents.action, "link.refused"))
      .orderBy(asc(auditEvents.seq));
    expect(refused).toEqual([
      { actorId: null, detail: { reason: "used", platform: "slack", workspace: "T-TWO", user: "U-PAT" } },
      { actorId: null, detail: { reason: "expired", platform: "slack", workspace: "T-TWO", user: "U-PAT" } },
    ]);
    const trail = textOf(await h.say("alice", "audit @alice"));
    expect(trail).toContain(
      "A link code made by alice was refused (already used), tried from a Slack workspace T-TWO by user U-PAT.",
    );
  });

  it("kills a code when its creator stops being an admin, or is deactivated", async () => {
    expect((await h.say("alice", "team set @bob role:admin")).tone).toBe("success");
    const demoted = await codeFrom(h, "alice");
    const deactivated = await codeFrom(h, "bob");
    expect((await h.say("bob", "team set @alice role:attorney")).tone).toBe("success");
    expect((await tryCode(0, "T-NEW", demoted)).lines[0]).toBe(WRONG);
    expect((await h.say("bob", "team set @alice role:admin")).tone).toBe("success");
    // Done, with a warning listing what bob still supervises.
    expect((await h.say("alice", "team set @bob active:no")).tone).not.toBe("error");
    expect((await tryCode(1, "T-NEW", deactivated)).lines[0]).toBe(WRONG);
    const reasons = await h.database.db
      .select({ outcome: linkAttempts.outcome })
      .from(linkAttempts)
      .orderBy(asc(linkAttempts.id));
    expect(reasons).toEqual([{ outcome: "revoked" }, { outcome: "revoked" }]);
    expect(await h.database.db.select().from(workspaces).where(eq(workspaces.externalId, "T-NEW"))).toEqual(
      [],
    );
  });
});
