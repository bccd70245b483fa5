import { describe, expect, it } from "vitest";
import { keepPendingReference } from "../../src/services/conversation-refs.js";
import { createHarness } from "../support/core-harness.js";

/* References of people who spoke before they were added (tests/e2e/teams-proactive-reach.test.ts uses them over HTTP). */
describe("references of people not yet on the team", () => {
  it("are kept, and forgotten once nobody has added the person for 90 days", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    const speaker = (userId: string) => ({
      platform: "teams" as const,
      workspaceId: "tenant-1",
      userId,
      conversationRef: { conversation: { id: `a:${userId}` } },
    });
    const kept = async () =>
      (
        await h.database.query<{ user_id: string }>(
          "select user_id from pending_conversation_refs order by user_id",
        )
      ).map((r) => r.user_id);
    await keepPendingReference(h.database.db, speaker("old"), new Date("2026-09-01T14:00:00Z"));
    await keepPendingReference(h.database.db, speaker("recent"), new Date("2026-11-01T14:00:00Z"));
    expect(await kept()).toEqual(["old", "recent"]);
    await keepPendingReference(h.database.db, speaker("new"), new Date("2026-12-01T14:00:00Z"));
    expect(await kept()).toEqual(["new", "recent"]);
  });
});
