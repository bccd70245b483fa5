import { describe, expect, it } from "vitest";
import { inboundActivity } from "../../adapters/teams/activity.js";
import { commandText } from "../../adapters/teams/command-text.js";
import { parseCommand } from "../../src/commands/parse.js";

/*
 * Newer Teams clients send a multi-word name as one mention entity per word, all with the same
 * id (microsoft/botframework-sdk#6617): adjacent mentions of one id are one person; different
 * people, or one person named twice apart, stay apart.
 */
const BOT = { id: "28:bot", name: "Delegate" };
const mention = (id: string, name: string) => ({
  type: "mention",
  mentioned: { id, name },
  text: `<at>${name}</at>`,
});

const text = (said: string, entities: unknown[]) =>
  commandText(
    inboundActivity.parse({
      type: "message",
      serviceUrl: "http://127.0.0.1:1/",
      channelId: "msteams",
      from: { id: "29:alice" },
      recipient: BOT,
      conversation: { id: "a:1", conversationType: "personal" },
      text: said,
      entities,
    }),
    async (m) => `aad-${m.mentioned.id}`,
  );

describe("Teams mentions split per word", () => {
  it("joins one person's words into one mention", async () => {
    expect(
      await text("team add <at>Casey</at> <at>Morgan</at> role:attorney", [
        mention("29:casey", "Casey"),
        mention("29:casey", "Morgan"),
      ]),
    ).toBe("team add <@aad-29:casey|Casey Morgan> role:attorney");
  });

  it("keeps two people side by side apart, and drops the bot's own mention", async () => {
    expect(
      await text("<at>Delegate</at> matter staff M-1 <at>Casey</at> <at>Morgan</at> <at>Dev</at>", [
        mention(BOT.id, BOT.name),
        mention("29:casey", "Casey"),
        mention("29:casey", "Morgan"),
        mention("29:dev", "Dev"),
      ]),
    ).toBe("matter staff M-1 <@aad-29:casey|Casey Morgan> <@aad-29:dev|Dev>");
  });

  it('names a person by a mention Teams sent no entity for, in the core\'s own @"Full Name" form', async () => {
    expect(await text("matter staff M-1 <at>Maria Santos</at> x", [])).toBe(
      'matter staff M-1 @"Maria Santos" x',
    );
    expect(await text('<at>Delegate</at> team set <AT>Jo "JJ" Lee</AT> active:no', [])).toBe(
      'team set @"Jo JJ Lee" active:no',
    );
    // The core knows no <at>: parsed, the line names Maria by name, as the console would.
    expect(parseCommand(await text("team set <at>Maria Santos</at> active:no", []))).toMatchObject({
      name: "team set",
      user: { name: "Maria Santos" },
    });
  });

  it("does not let typed marker characters stand for a mention", async () => {
    expect(await text("show \uE0000\uE001 T-1", [])).toBe("show 0 T-1");
  });
});
