import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDigest } from "../../src/jobs/run-digest.js";
import { teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { type Card, cardOf, cardText } from "../support/teams-traffic.js";

/*
 * The weekly digest job against a firm on Teams (docs/teams.md, "Channels"): `digest here` said
 * in a team channel binds it; the job queues the digest with its chart; the outbox posts one
 * card to the channel itself (not the reply thread the command was said in), chart included.
 */
describe("Teams: the weekly digest posted to a channel by the job", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  const images = (card: Card): { url: string; altText?: string }[] =>
    (card.body ?? []).filter((e) => e.type === "Image") as { url: string; altText?: string }[];

  it("digest here in a channel, then Monday's run posts the digest there with its chart", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const channel = f.client.channelConversation.split(";messageid=")[0] ?? "";
    expect(channel).toMatch(/^19:.*@thread\.tacv2$/);
    expect(await f.client.say(f.alice, "digest here", { channel: true })).toBe(200);
    const bound = cardText(cardOf(t.connector.posted(f.client.channelConversation).at(-1)));
    expect(bound).toContain("The weekly digest will be posted here");

    // Something to report: maria's task, approved by bob, in the week before Monday 7 December.
    await f.command(
      f.bob,
      `assign <at>${f.maria.name}</at> "Draft the letter" matter:M-1 due:"2026-12-04 17:00" est:2h`,
      { mentions: [f.maria] },
    );
    await f.command(f.maria, "start T-1");
    await f.command(f.maria, 'submit T-1 "in the DMS" spent:2h');
    expect(await f.command(f.bob, "approve T-1")).toMatch(/Approved T-1/);
    await t.deliver();
    const before = t.connector.posted(channel).length;

    // Monday 7 December 08:30 in New York: the digest for 2026-W49 is due.
    const monday = new Date("2026-12-07T13:30:00Z");
    t.clock.set(monday);
    const posted = await runDigest({ db: t.server.deps.db }, monday);
    const mine = posted.filter((p) => p.week === "2026-W49");
    expect(mine.length).toBeGreaterThanOrEqual(1);
    await t.deliver();

    const digests = t.connector.posted(channel).slice(before);
    expect(digests).toHaveLength(1);
    const card = cardOf(digests[0]);
    const text = cardText(card);
    expect(text).toContain("Weekly digest, 2026-W49 · Smith & Lee LLP");
    // Totals and numbers only: the task's title never reaches the channel.
    expect(text).not.toContain("Draft the letter");
    const [chart] = images(card);
    expect(chart?.url).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(chart?.altText).toBeTruthy();

    // Posted once: a second run of the job the same morning posts nothing more.
    await runDigest({ db: t.server.deps.db }, new Date("2026-12-07T13:45:00Z"));
    await t.deliver();
    expect(t.connector.posted(channel).slice(before)).toHaveLength(1);
  });
});
