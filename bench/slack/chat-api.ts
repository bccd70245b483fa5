import { type FakeSlackApi, startFakeSlackApi } from "../../tests/support/fake-slack-api.js";

/** One chat.postMessage the server made and the fake took: where, what (text|blocks), when. */
export interface PostedMessage {
  channel: string;
  body: string;
  at: number;
}

/**
 * The tests' loopback Slack Web API (tests/support/fake-slack-api.ts), with what the bench needs
 * on top: every chat.postMessage with its arrival time (the faults bench judges duplicates by
 * time) and refusing every post for a while (a chat outage), by keeping one refusal queued at a
 * time. It stands in for Slack's servers, which are not on this machine: its work per post is
 * constant (the fake keeps no calls of its own; this keeps one line a post when asked, else none),
 * so the load generator's CPU and memory do not grow with the posts a run has made.
 */
export interface BenchSlackApi {
  /** SLACK_API_URL for the server under test. */
  url: string;
  /** Posts the fake took, oldest first, with when each arrived (only when kept). */
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

/** `keepPosts` for a run that reads the posts back (the faults part); load runs do not. */
export const startBenchSlackApi = async (options: { keepPosts?: boolean } = {}): Promise<BenchSlackApi> => {
  const keepPosts = options.keepPosts ?? false;
  const posts: PostedMessage[] = [];
  let refusals = 0;
  let failure: { status: 500 | 429; retryAfter: number } | undefined;
  let queued = 0;
  const topUp = () => {
    if (!failure || queued > refusals) return;
    queued++;
    fake.failNext(
      POST,
      failure.status === 429 ? { status: 429, retryAfter: failure.retryAfter } : { status: 500 },
    );
  };
  const fake: FakeSlackApi = await startFakeSlackApi({
    keepCalls: false,
    // Told as each call is taken, before it is answered: stamp it, re-arm the outage.
    onCall: (call) => {
      if (call.method !== POST) return;
      if (call.refusedWith !== undefined) refusals++;
      else if (keepPosts)
        posts.push({
          channel: String(call.body.channel ?? ""),
          body: `${String(call.body.text ?? "")}|${JSON.stringify(call.body.blocks ?? "")}`,
          at: Date.now(),
        });
      topUp();
    },
  });
  return {
    url: fake.apiUrl,
    posted: () => {
      if (!keepPosts) throw new Error("this fake Slack API was started without keeping its posts");
      return [...posts];
    },
    refused: () => refusals,
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
    close: () => fake.close(),
  };
};
