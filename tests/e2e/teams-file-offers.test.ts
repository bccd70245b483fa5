import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerConsent, consentCards } from "../support/teams-file-consent.js";
import { type TeamsFirm, teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { type TeamsClient, teamsClient } from "../support/teams-traffic.js";

/*
 * A Teams file offer waits in the database (file_offers), not in the memory of the process that
 * made it (docs/teams.md, "Files"): two servers on one database stand for two replicas, or one
 * server before and after a restart. The server that offered the file is stopped before the
 * accept reaches the other one.
 */
const sha256 = (bytes: Buffer | undefined) =>
  createHash("sha256")
    .update(bytes ?? "")
    .digest("hex");

describe("Teams: a file offered by one replica is uploaded by another", () => {
  let a: TeamsTestServer;
  let b: TeamsTestServer;
  let f: TeamsFirm;
  /** The same tenant's traffic, sent to replica B (and B's Bot Connector). */
  let onB: TeamsClient;
  beforeAll(async () => {
    a = await startTeamsServer();
    b = await startTeamsServer();
    f = await teamsFirm(a.endpoint, a.connector);
    onB = teamsClient(b.endpoint, b.connector, f.client.tenant);
    for (const u of [f.alice, f.bob]) b.connector.addMember(u);
  });
  afterAll(async () => {
    await a.stop().catch(() => undefined);
    await b.stop();
  });

  const lastSaidOnB = (user: TeamsFirm["alice"]) =>
    String(b.connector.posted(b.connector.personalConversationOf(user.id)).at(-1)?.text);
  /** How old each stored offer is, in whole minutes. */
  const offerAges = async () =>
    (
      await b.server.database.query<{ minutes: number }>(
        "select floor(extract(epoch from now() - offered_at) / 60)::int as minutes from file_offers order by offered_at",
      )
    ).map((r) => r.minutes);

  it("offered on A, A stopped, accepted through B: the audited bytes are PUT once; a second accept gets nothing", async () => {
    expect(await f.command(f.alice, "packet M-1")).toContain("I offered you");
    const [audit] = await a.server.database.query<{
      detail: { sha256: string; bytes: number; file: string };
    }>("select detail from audit_events where action = 'packet.created' order by seq desc limit 1");
    const card = consentCards(a.connector, f.alice).at(-1);
    if (!card) throw new Error("no consent card");
    expect(card.name).toBe(audit?.detail.file);
    await a.stop();

    expect(await answerConsent(onB, b.connector, f.alice, "accept", card, "packet")).toBe(200);
    const uploaded = b.connector.uploads().filter((u) => u.name === "packet");
    expect(uploaded).toHaveLength(1);
    expect(sha256(uploaded[0]?.bytes)).toBe(audit?.detail.sha256);
    expect(uploaded[0]?.bytes.length).toBe(audit?.detail.bytes);
    expect(lastSaidOnB(f.alice)).toContain(`Saved ${card.name} to your OneDrive`);

    expect(await answerConsent(onB, b.connector, f.alice, "accept", card, "packet-again")).toBe(200);
    expect(b.connector.uploads().filter((u) => u.name === "packet-again")).toEqual([]);
    expect(lastSaidOnB(f.alice)).toContain("no longer here");
  });

  it("another person's accept is refused and leaves the offer for the one it was made to", async () => {
    await onB.say(f.alice, "export hours this");
    const card = consentCards(b.connector, f.alice).at(-1);
    if (!card) throw new Error("no consent card");
    expect(await answerConsent(onB, b.connector, f.bob, "accept", card, "stolen")).toBe(200);
    expect(b.connector.uploads().filter((u) => u.name === "stolen")).toEqual([]);
    expect(lastSaidOnB(f.bob)).toContain("no longer here");
    expect(await answerConsent(onB, b.connector, f.alice, "accept", card, "hours")).toBe(200);
    expect(b.connector.uploads().filter((u) => u.name === "hours")).toHaveLength(1);
  });

  it("an offer more than an hour old is refused; an answer deletes its offer; the next offer prunes those past the hour", async () => {
    await onB.say(f.alice, "export billing this");
    const card = consentCards(b.connector, f.alice).at(-1);
    if (!card) throw new Error("no consent card");
    await b.server.database.query("update file_offers set offered_at = now() - interval '61 minutes'");
    expect(await answerConsent(onB, b.connector, f.alice, "accept", card, "late")).toBe(200);
    expect(b.connector.uploads().filter((u) => u.name === "late")).toEqual([]);
    expect(lastSaidOnB(f.alice)).toContain("no longer here");

    // The late offer is still stored; the next offer prunes it, and answering that one deletes it.
    expect(await offerAges()).toEqual([61]);
    await onB.say(f.alice, "export hours this");
    expect(await offerAges()).toEqual([0]);
    const answered = consentCards(b.connector, f.alice).at(-1);
    if (!answered) throw new Error("no consent card");
    expect(await answerConsent(onB, b.connector, f.alice, "accept", answered, "hours-2")).toBe(200);
    expect(b.connector.uploads().filter((u) => u.name === "hours-2")).toHaveLength(1);
    expect(await offerAges()).toEqual([]);
  });
});
