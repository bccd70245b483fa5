import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { renderBlocks, renderMessage } from "../../adapters/slack/render-blocks.js";
import { decodeSlackText } from "../../adapters/slack/slack-text.js";
import { parseConfig } from "../../src/config.js";
import { createSecretBox } from "../../src/services/secret-box.js";
import type { View } from "../../src/views/view.js";

/* Block Kit within Slack's limits, Slack's escaping undone, and the token sealing. */
const longList = (n: number): View => ({
  tone: "info",
  title: "All tasks",
  lines: [],
  more: { label: "More", command: "list all page:2" },
  items: Array.from({ length: n }, (_, i) => ({ text: `T-${i + 1} · M-1 · ${"x".repeat(400)}` })),
  audience: "private",
});

describe("Slack rendering and text", () => {
  it("keeps a long list within 50 blocks and 3,000 characters a section, with a More button", () => {
    const blocks = renderBlocks(longList(500));
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks)
      if (b.type === "section") expect(b.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
    const text = JSON.stringify(blocks);
    expect(text).toMatch(/…and \d+ more not shown/);
    expect(text).toContain(
      '"action_id":"delegate_more","text":{"type":"plain_text","text":"More"},"value":"list all page:2"',
    );
  });

  it("escapes &, < and > in task text so it cannot become a link or a mention", () => {
    const { blocks, text } = renderMessage({
      tone: "info",
      title: "T-1 · <@U1> & <http://x|y>",
      lines: [],
      audience: "private",
    });
    expect(JSON.stringify(blocks)).toContain("&lt;@U1&gt; &amp; &lt;http://x|y&gt;");
    // The notification text is mrkdwn as well: escaped the same way.
    expect(text).toContain("&lt;@U1&gt; &amp; &lt;http://x|y&gt;");
  });

  it("undoes Slack's escaping of command text", () => {
    expect(decodeSlackText("setup firm:&quot;Smith &amp; Lee&quot; a &lt; b &gt; c")).toBe(
      "setup firm:&quot;Smith & Lee&quot; a < b > c",
    );
    expect(decodeSlackText("&amp;lt;")).toBe("&lt;");
  });

  it("seals secrets with AES-256-GCM: no plaintext, fresh IV, tampering detected", () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.seal("xoxb-secret");
    expect(a).not.toContain("xoxb");
    expect(box.seal("xoxb-secret")).not.toBe(a);
    expect(box.open(a)).toBe("xoxb-secret");
    const parts = a.split(".");
    const tampered = [...parts.slice(0, 3), `${parts[3]?.slice(0, -2)}AA`].join(".");
    expect(() => box.open(tampered)).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(a)).toThrow();
  });

  it("refuses Slack OAuth without DELEGATE_ENCRYPTION_KEY, and a key that is not 32 bytes, naming it", () => {
    const oauth = {
      SLACK_CLIENT_ID: "1",
      SLACK_CLIENT_SECRET: "2",
      SLACK_STATE_SECRET: "3",
      SLACK_SIGNING_SECRET: "s",
    };
    expect(() => parseConfig(oauth)).toThrow(/DELEGATE_ENCRYPTION_KEY: required with Slack OAuth/);
    expect(() => parseConfig({ ...oauth, DELEGATE_ENCRYPTION_KEY: "short" })).toThrow(
      /DELEGATE_ENCRYPTION_KEY: must be 32 bytes/,
    );
    expect(
      parseConfig({ ...oauth, DELEGATE_ENCRYPTION_KEY: randomBytes(32).toString("hex") }).SLACK_CLIENT_ID,
    ).toBe("1");
    expect(
      parseConfig({ ...oauth, DELEGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64") }).SLACK_CLIENT_ID,
    ).toBe("1");
  });
});
