import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { people } from "../../db/schema.js";
import { teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { teamsUser } from "../support/teams-traffic.js";

/*
 * Half an emoji (a lone UTF-16 surrogate, as a client that cut a string in two sends it) in a
 * Teams display name: JSON carries it as `\ud83d`, PostgreSQL refuses it in jsonb. It is repaired
 * where the body is read (U+FFFD), so that person's commands keep working, over real HTTP.
 */
const HALF_EMOJI = "\uD83D";

describe("Teams: a display name with a lone surrogate", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  it("never breaks that person's commands, nor those of people who mention them", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const ana = { ...teamsUser(`Ana${process.pid}`), name: `Ana ${HALF_EMOJI}` };
    t.connector.addMember(ana);
    // The body on the wire holds the escape itself.
    expect(JSON.stringify({ name: ana.name })).toContain("\\ud83d");

    expect(
      await f.command(
        f.alice,
        `team add <at>${ana.name}</at> role:professional nda:2026-01-15 nda-expires:2027-01-15 cost:20`,
        {
          mentions: [ana],
        },
      ),
    ).toContain("Added");
    expect(await f.command(ana, "help")).toMatch(/assign|tasks/i);
    expect(
      await f.command(
        f.bob,
        `assign <at>${ana.name}</at> "Index exhibits" matter:M-1 due:"2026-12-04 17:00"`,
        {
          mentions: [ana],
        },
      ),
    ).toContain("Assigned T-");
    expect(await f.command(ana, "list mine")).toContain("Index exhibits");
    const started = await f.command(ana, "start T-1");
    expect(started).toContain("Started T-1");
    expect(started).not.toMatch(/did not work on our side/);

    const [row] = await t.server.database.db
      .select({ name: people.displayName })
      .from(people)
      .where(eq(people.displayName, "Ana \uFFFD"));
    expect(row?.name).toBe("Ana \uFFFD");
  });
});
