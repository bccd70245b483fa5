import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksText, type SlackWorld, seedSlackFirm, startSlackWorld } from "../support/slack-world.js";

/*
 * Packets and exports asked for in Slack (docs/slack.md, "Files"): the bytes go into the app's
 * direct message with the admin who asked, through Slack's external upload flow
 * (conversations.open, files.getUploadURLExternal, POST to the upload URL,
 * files.completeUploadExternal), never into the channel; the reply says where the file went.
 */
type Audit = { detail: { sha256: string; bytes: number; file: string } };

const auditOf = async (world: SlackWorld, action: string) =>
  (
    await world.server.database.query<Audit>(
      "select detail from audit_events where action = $1 order by seq desc limit 1",
      [action],
    )
  )[0]?.detail;

describe("Slack: files delivered privately", () => {
  let world: SlackWorld;
  let p: Awaited<ReturnType<typeof seedSlackFirm>>;

  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "T700");
  });
  afterAll(() => world.close());

  const deliveredFor = async (count: number) => {
    const [completed] = (await world.fake.waitFor("files.completeUploadExternal", count)).slice(count - 1);
    const asked = world.fake.calls("files.getUploadURLExternal")[count - 1];
    const opened = world.fake.calls("conversations.open")[count - 1];
    const upload = world.fake.uploads().find((u) => u.fileId === asked?.response?.file_id);
    return { completed, asked, opened, upload };
  };

  it("packet M-1 goes to the admin's DM, byte for byte what the audit trail recorded", async () => {
    const reply = await world.commandReply(p.alice, "packet M-1");
    expect(reply.response_type).toBe("ephemeral");
    const said = blocksText(reply.blocks);
    expect(said).toMatch(/Sending packet-M-1-\d{8}-\d{4}\.pdf to your direct message with Delegate/);

    const { completed, asked, opened, upload } = await deliveredFor(1);
    const audit = await auditOf(world, "packet.created");
    expect(opened?.body).toMatchObject({ users: p.alice.user });
    expect(asked?.body).toMatchObject({ filename: audit?.file, length: String(audit?.bytes) });
    expect(upload).toBeDefined();
    expect(
      createHash("sha256")
        .update(upload?.bytes ?? "")
        .digest("hex"),
    ).toBe(audit?.sha256);
    expect(upload?.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    // Shared in the DM conversations.open gave (D…), not the channel the command was said in.
    expect(completed?.body).toMatchObject({
      channel_id: `D${p.alice.user.slice(1)}`,
      files: [{ id: asked?.response?.file_id, title: audit?.file }],
    });
    expect(JSON.stringify(completed?.body)).not.toContain("C2147483705");
    expect(completed?.token).toBe("xoxb-single-workspace");
  });

  it("an export (CSV) arrives the same way", async () => {
    const reply = await world.commandReply(p.alice, "export hours this");
    expect(blocksText(reply.blocks)).toContain("to your direct message with Delegate");
    const { completed, upload } = await deliveredFor(2);
    const audit = await auditOf(world, "export.created");
    expect(
      createHash("sha256")
        .update(upload?.bytes ?? "")
        .digest("hex"),
    ).toBe(audit?.sha256);
    expect(completed?.body).toMatchObject({ channel_id: `D${p.alice.user.slice(1)}` });
  });

  it("when Slack refuses the upload, the admin is told privately and nothing lands anywhere", async () => {
    world.fake.failNext("files.getUploadURLExternal", { error: "file_uploads_disabled" });
    const before = world.fake.responses().length;
    await world.commandReply(p.alice, "export billing this");
    const [told] = (await world.fake.waitForResponses(before + 1)).slice(before);
    expect(told?.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(told?.body.text)).toMatch(/could not deliver it .*file_uploads_disabled/);
    expect(world.fake.calls("files.completeUploadExternal")).toHaveLength(2);
  });

  it("only an admin gets files: an attorney is refused and nothing is uploaded", async () => {
    const reply = await world.commandReply(p.bob, "packet M-1");
    expect(blocksText(reply.blocks)).toMatch(/admin/i);
    expect(world.fake.calls("files.getUploadURLExternal")).toHaveLength(3);
  });
});
