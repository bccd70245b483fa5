import { type FakeSlackApi, startFakeSlackApi } from "../../tests/support/fake-slack-api.js";

/** One chat.postMessage the server made and the fake took: where, what (text|blocks), when. */
export interface PostedMessage {
  channel: string;
  body: string;
  at: number;
}

/**
 * The tests' loopback Slack Web API (tests/support/fake-slack-api.ts), with what the bench needs
 * on top: the arrival time of every chat.postMessage (the faults bench judges duplicates by time)
 * and refusing every post for a while (a chat outage), by keeping one refusal queued at a time.
 */
export interface BenchSlackApi {
  /** SLACK_API_URL for the server under test. */
  url: string;
  fake: FakeSlackApi;
  /** Posts the fake took, oldest first, with when each arrived. */
  posted(): PostedMessage[];
  /** Posts refused (500 or 429) so far. */
  refused(): number;
  /** Refuse every chat.postMessage with this status until `clear` (429 comes with Retry-After). */
  failWith(status: 500 | 429, retryAfterSeconds?: number): void;
  /** Slack users the server may look up (users.info), e.g. those a setup adds with `team add`. */
  knows(userIds: readonly string[]): void;
  /** Back to answering; a refusal already queued is still served to the next post. */
  clear(): void;
  close(): Promise<void>;
}

const POST = "chat.postMessage";

export const startBenchSlackApi = async (): Promise<BenchSlackApi> => {
  const fake = await startFakeSlackApi();
  const arrivals: number[] = [];
  let failure: { status: 500 | 429; retryAfter: number } | undefined;
  let queued = 0;
  let closed = false;
  const refusedCount = (): number => fake.calls(POST).filter((c) => c.response === undefined).length;
  const topUp = () => {
    if (!failure || queued > refusedCount()) return;
    queued++;
    fake.failNext(
      POST,
      failure.status === 429 ? { status: 429, retryAfter: failure.retryAfter } : { status: 500 },
    );
  };
  // The fake wakes its waiters as each call is recorded, before answering it: stamp, re-arm.
  void (async () => {
    while (!closed) {
      const calls = await fake.waitFor(POST, arrivals.length + 1);
      const now = Date.now();
      while (arrivals.length < calls.length) arrivals.push(now);
      topUp();
    }
  })();
  return {
    url: fake.apiUrl,
    fake,
    posted: () =>
      fake.calls(POST).flatMap((c, i) =>
        c.response === undefined
          ? []
          : [
              {
                channel: String(c.body.channel ?? ""),
                body: `${String(c.body.text ?? "")}|${JSON.stringify(c.body.blocks ?? "")}`,
                at: arrivals[i] ?? Date.now(),
              },
            ],
      ),
    refused: refusedCount,
    knows: (ids) => {
      for (const id of ids) fake.addUser({ id, name: id.toLowerCase(), tz: "America/New_York" });
    },
    failWith: (status, retryAfterSeconds = 1) => {
      failure = { status, retryAfter: retryAfterSeconds };
      // A refusal of the other kind already queued is served first; this kind follows.
      topUp();
    },
    clear: () => {
      failure = undefined;
    },
    close: async () => {
      closed = true;
      await fake.close();
    },
  };
};
