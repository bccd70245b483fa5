import { afterEach, describe, expect, it } from "vitest";
import { type BenchSlackApi, startBenchSlackApi } from "../../bench/slack/chat-api.js";

/** A chat.postMessage as the Slack WebClient sends it: form-encoded, blocks as a JSON string. */
const post = async (api: BenchSlackApi, channel: string, text: string) => {
  const body = new URLSearchParams({ channel, text, blocks: JSON.stringify([{ type: "section", text }]) });
  const res = await fetch(`${api.url}chat.postMessage`, {
    method: "POST",
    headers: { authorization: "Bearer xoxb-0", "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return { status: res.status, retryAfter: res.headers.get("retry-after"), json: await res.text() };
};

describe("bench: the fake Slack API's bookkeeping", () => {
  let api: BenchSlackApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  it("keeps no posts unless asked, and says so when they are read", async () => {
    api = await startBenchSlackApi();
    for (const i of [1, 2, 3]) expect((await post(api, "U1", `note ${i}`)).status).toBe(200);
    expect(() => api?.posted()).toThrow("without keeping its posts");
    expect(api.refused()).toBe(0);
  });

  it("keeps each post's channel, text and blocks in order of arrival when asked", async () => {
    api = await startBenchSlackApi({ keepPosts: true });
    const before = Date.now();
    await post(api, "U1", "first");
    await post(api, "C9", "second");
    const posted = api.posted();
    expect(posted.map((p) => [p.channel, p.body])).toEqual([
      ["U1", 'first|[{"type":"section","text":"first"}]'],
      ["C9", 'second|[{"type":"section","text":"second"}]'],
    ]);
    expect(posted[0]?.at).toBeGreaterThanOrEqual(before);
    expect(posted[1]?.at).toBeGreaterThanOrEqual(posted[0]?.at ?? Number.POSITIVE_INFINITY);
  });

  it("refuses every post during an outage, counts the refusals, and serves the one queued after it", async () => {
    api = await startBenchSlackApi({ keepPosts: true });
    await post(api, "U1", "before");
    api.failWith(500);
    const during = [await post(api, "U1", "a"), await post(api, "U1", "b"), await post(api, "U1", "c")];
    expect(during.map((r) => r.status)).toEqual([500, 500, 500]);
    api.clear();
    // One refusal stays queued (one is always waiting during an outage): the next post meets it.
    expect((await post(api, "U1", "d")).status).toBe(500);
    expect((await post(api, "U1", "after")).status).toBe(200);
    expect(api.refused()).toBe(4);
    expect(api.posted().map((p) => p.body.split("|")[0])).toEqual(["before", "after"]);
  });

  it("answers 429 with Retry-After while rate limiting", async () => {
    api = await startBenchSlackApi();
    api.failWith(429, 7);
    const answer = await post(api, "U1", "x");
    expect([answer.status, answer.retryAfter, JSON.parse(answer.json).error]).toEqual([
      429,
      "7",
      "ratelimited",
    ]);
    expect(api.refused()).toBe(1);
  });
});
