import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Attachment,
  answerConsent,
  attachmentsOf,
  CONSENT,
  consentCards,
  sharePointUrl,
} from "../support/teams-file-consent.js";
import { type TeamsFirm, teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { cardOf, cardText } from "../support/teams-traffic.js";

/*
 * Packets and exports asked for in Teams (docs/teams.md, "Files"): a file consent card in the
 * admin's personal chat; on accept (`fileConsent/invoke`) the bytes are PUT to the upload URL
 * Teams gives and a file info card follows; on decline nothing is uploaded. No file and no
 * consent card ever goes to a channel.
 */
const INFO = "application/vnd.microsoft.teams.card.file.info";

type Audit = { detail: { sha256: string; bytes: number; file: string } };

describe("Teams: files delivered with the person's consent", () => {
  let t: TeamsTestServer;
  let f: TeamsFirm;
  beforeAll(async () => {
    t = await startTeamsServer();
    f = await teamsFirm(t.endpoint, t.connector);
  });
  afterAll(() => t.stop());

  const auditOf = async (action: string) =>
    (
      await t.server.database.query<Audit>(
        "select detail from audit_events where action = $1 order by seq desc limit 1",
        [action],
      )
    )[0]?.detail;

  it("packet M-1: consent card, then on accept the exact bytes go to the upload URL and a file card follows", async () => {
    const reply = await f.command(f.alice, "packet M-1");
    const audit = await auditOf("packet.created");
    expect(reply).toContain(`I offered you ${audit?.file} in our personal chat`);
    const [card] = consentCards(t.connector, f.alice);
    expect(card).toMatchObject({
      name: audit?.file,
      content: { sizeInBytes: audit?.bytes, acceptContext: { filename: audit?.file } },
    });
    // The card carries no bytes: they wait for consent.
    expect(JSON.stringify(card).length).toBeLessThan(1000);

    expect(
      await answerConsent(f.client, t.connector, f.alice, "accept", card as Attachment, "packet-1"),
    ).toBe(200);
    const [uploaded] = t.connector.uploads().filter((u) => u.name === "packet-1");
    expect(uploaded).toBeDefined();
    expect(
      createHash("sha256")
        .update(uploaded?.bytes ?? "")
        .digest("hex"),
    ).toBe(audit?.sha256);
    expect(uploaded?.contentRange).toBe(`bytes 0-${(audit?.bytes ?? 0) - 1}/${audit?.bytes}`);
    const last = t.connector.posted(f.client.personalConversation(f.alice)).at(-1);
    expect(attachmentsOf(last)).toEqual([
      {
        contentType: INFO,
        contentUrl: sharePointUrl(f.alice, String(audit?.file)),
        name: audit?.file,
        content: { uniqueId: "1150D938-8870-4044-9F2C-5BBDEBA70C9D", fileType: "pdf" },
      },
    ]);

    // The same card answered again uploads nothing more.
    expect(
      await answerConsent(f.client, t.connector, f.alice, "accept", card as Attachment, "packet-1-again"),
    ).toBe(200);
    expect(t.connector.uploads().filter((u) => u.name === "packet-1-again")).toEqual([]);
    expect(String(t.connector.posted(f.client.personalConversation(f.alice)).at(-1)?.text)).toContain(
      "no longer here",
    );
  });

  it("an export asked for in a channel is offered in the personal chat only; declined, nothing is uploaded", async () => {
    await f.command(f.alice, "export hours this", { channel: true });
    const audit = await auditOf("export.created");
    const card = consentCards(t.connector, f.alice).at(-1);
    expect(card?.name).toBe(audit?.file);
    // Neither the card nor the file ever goes to the channel.
    const inChannel = t.connector.requests.filter(
      (r) => r.conversationId?.startsWith("19:") && JSON.stringify(r.body).includes(CONSENT),
    );
    expect(inChannel).toEqual([]);

    const uploads = t.connector.uploads().length;
    expect(await answerConsent(f.client, t.connector, f.alice, "decline", card as Attachment)).toBe(200);
    expect(t.connector.uploads()).toHaveLength(uploads);
    const said = t.connector.posted(f.client.personalConversation(f.alice)).at(-1);
    expect(String(said?.text)).toContain(`You declined ${audit?.file}`);
    // Declined is final: accepting that card later uploads nothing.
    expect(await answerConsent(f.client, t.connector, f.alice, "accept", card as Attachment, "late")).toBe(
      200,
    );
    expect(t.connector.uploads()).toHaveLength(uploads);
  });

  it("someone else cannot accept a file offered to the admin", async () => {
    await f.command(f.alice, "export billing this");
    const card = consentCards(t.connector, f.alice).at(-1) as Attachment;
    expect(await answerConsent(f.client, t.connector, f.bob, "accept", card, "stolen")).toBe(200);
    expect(t.connector.uploads().filter((u) => u.name === "stolen")).toEqual([]);
    expect(await answerConsent(f.client, t.connector, f.alice, "accept", card, "billing")).toBe(200);
    expect(t.connector.uploads().filter((u) => u.name === "billing")).toHaveLength(1);
    expect(cardText(cardOf(t.connector.posted(f.client.personalConversation(f.alice)).at(-2)))).toContain(
      "I offered you",
    );
  });
});
