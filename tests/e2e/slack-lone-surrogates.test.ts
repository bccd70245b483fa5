import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blocksText,
  buttonsOf,
  lastDmTo,
  type SlackModal,
  type SlackWorld,
  seedSlackFirm,
  type slackPeople,
  startSlackWorld,
} from "../support/slack-world.js";

/*
 * Half an emoji (a lone UTF-16 surrogate) in a Slack form, over signed HTTP: the JSON payload carries
 * it as `\ud83d`. It is repaired where the payload is parsed (U+FFFD), so the question goes through
 * instead of being refused.
 */

describe("Slack: text with a lone surrogate", () => {
  let world: SlackWorld;
  let p: ReturnType<typeof slackPeople>;
  beforeAll(async () => {
    world = await startSlackWorld();
    p = await seedSlackFirm(world, "T310");
  });
  afterAll(() => world.close());

  it("a question with half an emoji reaches the supervisor, repaired", async () => {
    await world.commandReply(
      p.bob,
      'assign <@UMARIAT310|maria> "Privilege log" matter:M-1 due:"2026-12-04 17:00"',
    );
    await world.deliver();
    const toMaria = lastDmTo(world, p.maria.user);
    const ask = buttonsOf(toMaria.body.blocks).find((b) => b.label === "Ask");
    if (!ask) throw new Error("no Ask button");
    const opened = world.fake.calls("views.open").length;
    await world.click(
      p.maria,
      { action_id: ask.action_id, value: ask.value },
      { channel: String(toMaria.response?.channel), ts: String(toMaria.response?.ts) },
    );
    const form = (await world.fake.waitFor("views.open", opened + 1)).at(-1)?.body.view as SlackModal;
    const sent = await world.submitView(p.maria, form, {
      question: { value: { type: "plain_text_input", value: "Which \uD83D exhibits first?" } },
    });
    const done = (await sent.json()) as { response_action: string; view?: { blocks: unknown } };
    expect(done.response_action).toBe("update");
    expect(blocksText(done.view?.blocks)).toContain("Sent your question on T-1");
    await world.deliver();
    expect(blocksText(lastDmTo(world, p.bob.user).body.blocks)).toContain("Which \uFFFD exhibits first?");
  });
});
