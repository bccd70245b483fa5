import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { chatIdentities, firms, people, workspaces } from "../../db/schema.js";
import type { Directory, Speaker } from "../../src/services/deps.js";
import { createHarness, rowCounts, seedFirm, textOf } from "../support/core-harness.js";

describe("tenancy: workspaces, firms and identities", () => {
  it("refuses every command but help, setup and link CODE in an unbound workspace, changing nothing", async () => {
    const h = await createHarness();
    const before = await rowCounts(h.database);
    for (const text of ["list", "team add @bob role:attorney", "link", "approve T-1"]) {
      const view = await h.say("someone", text);
      expect(view.lines[0], text).toBe("This workspace is not connected to a firm yet.");
    }
    expect((await h.say("someone", "help")).title).toBeDefined();
    expect(await rowCounts(h.database)).toEqual(before);
  });

  it("makes the speaker of setup the admin, and refuses a second setup", async () => {
    const h = await createHarness();
    const view = await h.say("alice", 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300');
    expect(view.title).toBe("Smith & Lee LLP is set up");
    const [admin] = await h.database.db.select().from(people);
    expect(admin).toMatchObject({ displayName: "alice", role: "admin", tz: "America/New_York", rate: 300 });
    const again = await h.say("alice", 'setup firm:"Other" tz:UTC rate:1');
    expect(again.lines[0]).toBe("This workspace already belongs to Smith & Lee LLP.");
    const stranger = await h.say("bob", 'setup firm:"Other" tz:UTC rate:1');
    expect(stranger.lines[0]).toBe("You are not on Smith & Lee LLP's Delegate team yet.");
    expect(await h.database.db.select().from(firms)).toHaveLength(1);
  });

  it("tells an unknown user how to be added, and nothing else", async () => {
    const h = await createHarness();
    await seedFirm(h);
    const view = await h.say("stranger", "list all");
    expect(view.lines[0]).toBe("You are not on Smith & Lee LLP's Delegate team yet.");
    expect(textOf(view)).not.toContain("T-");
  });

  it("links a second platform with a one-time code; the speaker there is the same admin", async () => {
    const h = await createHarness();
    await seedFirm(h);
    const codeView = await h.say("alice", "link");
    const code = /link ([A-Z0-9]{8})/.exec(codeView.lines[0] ?? "")?.[1];
    expect(code).toBeDefined();
    const teams: Speaker = {
      platform: "teams",
      workspaceId: "tenant-1",
      userId: "aad-alice",
      userName: "Alice A.",
    };
    const linked = await h.core.handle({ speaker: teams, text: `link ${code?.toLowerCase()}` });
    expect(linked.lines[0]).toBe(
      "This workspace now works for Smith & Lee LLP. You are signed in here as its admin.",
    );
    expect((await h.core.handle({ speaker: teams, text: "team list" })).title).toBe(
      "Smith & Lee LLP: 5 people",
    );
    // One person, two identities.
    const [alice] = await h.database.db.select().from(people).where(eq(people.displayName, "alice"));
    expect(
      await h.database.db
        .select()
        .from(chatIdentities)
        .where(eq(chatIdentities.personId, alice?.id ?? "")),
    ).toHaveLength(2);
    // The code works once.
    const other: Speaker = { platform: "slack", workspaceId: "T-OTHER", userId: "U1" };
    const reused = await h.core.handle({ speaker: other, text: `link ${code}` });
    expect(reused.lines[0]).toBe(
      "That link code is unknown, used or expired. Ask your admin for a new one (link).",
    );
    expect(await h.database.db.select().from(workspaces)).toHaveLength(2);
  });

  it("refuses an expired link code", async () => {
    const h = await createHarness();
    await seedFirm(h);
    const code = /link ([A-Z0-9]{8})/.exec((await h.say("alice", "link")).lines[0] ?? "")?.[1];
    h.clock.set(new Date(h.clock.now().getTime() + 16 * 60_000));
    const view = await h.core.handle({
      speaker: { platform: "teams", workspaceId: "t2", userId: "x" },
      text: `link ${code}`,
    });
    expect(view.lines[0]).toContain("unknown, used or expired");
  });

  it("attaches a new chat identity to the person with the same e-mail", async () => {
    const h = await createHarness();
    await seedFirm(h);
    await h.say("alice", "team set @maria email:maria@acme-lpo.example");
    const code = /link ([A-Z0-9]{8})/.exec((await h.say("alice", "link")).lines[0] ?? "")?.[1];
    const teamsAlice: Speaker = { platform: "teams", workspaceId: "tenant-9", userId: "aad-alice" };
    await h.core.handle({ speaker: teamsAlice, text: `link ${code}` });
    const roster: Directory = {
      lookup: async () => ({
        userId: "aad-maria",
        displayName: "Maria Santos",
        email: "Maria@Acme-LPO.example",
      }),
    };
    const view = await h.core.handle({
      speaker: teamsAlice,
      text: "team add <@aad-maria|Maria Santos> role:professional",
      directory: roster,
    });
    expect(view.lines[0]).toBe(
      "maria (maria@acme-lpo.example) was already on the team; this account is now linked to them.",
    );
    expect(await h.database.db.select().from(people).where(eq(people.role, "professional"))).toHaveLength(2);
    // She now works from Teams as the same person, with the same tasks.
    await h.say("bob", 'assign @maria "Index" matter:M-1 due:"fri 5pm"');
    const hers = await h.core.handle({
      speaker: { platform: "teams", workspaceId: "tenant-9", userId: "aad-maria" },
      text: "list",
    });
    expect(hers.items?.map((i) => i.task)).toEqual([1]);
  });
});
