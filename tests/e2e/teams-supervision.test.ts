import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowCounts } from "../support/core-harness.js";
import { teamsFirm } from "../support/teams-firm.js";
import { startTeamsServer, type TeamsTestServer } from "../support/teams-server.js";
import { buttonData, cardText, executeActions } from "../support/teams-traffic.js";

/*
 * Acknowledge and Ask in Microsoft Teams, over HTTP as Bot Framework activities: Action.Execute
 * on the assignment card, the question typed on the card and delivered to the other side, and a
 * covering admin's approval recorded as covering.
 */
describe("Teams: acknowledge, ask and cover", () => {
  let t: TeamsTestServer;
  beforeAll(async () => {
    t = await startTeamsServer();
  });
  afterAll(() => t.stop());

  it("acknowledges and asks from the assignment card; the question reaches the supervisor", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, bob, maria } = f;
    await f.assignMaria("Privilege log");
    await t.deliver();
    const assigned = f.lastCard(maria);

    const ack = buttonData(assigned, "Acknowledge");
    const acked = await client.invoke(maria, ack.verb, ack.data);
    const ackedCard = acked.body.value ?? {};
    expect(cardText(ackedCard)).toContain("Acknowledged T-1");
    expect(executeActions(ackedCard).map((a) => a.title)).toEqual([
      "Start",
      "Submit for review",
      "Send question",
    ]);
    const [row] = await t.server.database.query<{ acknowledged_at: Date | null; version: number }>(
      "select acknowledged_at, version from tasks t join firms f on f.id = t.firm_id where t.number = 1 order by f.created_at desc limit 1",
    );
    expect(row?.acknowledged_at).not.toBeNull();
    expect(row?.version).toBe(1);

    // An empty question changes nothing (the card that answers is a read of the task by a
    // professional, which the audit trail records).
    const counts = await rowCounts(t.server.database);
    const empty = buttonData(ackedCard, "Send question", { question: "" });
    expect(cardText((await client.invoke(maria, empty.verb, empty.data)).body.value ?? {})).toContain(
      "Say what to ask.",
    );
    const after = await rowCounts(t.server.database);
    expect({ ...after, audit_events: 0 }).toEqual({ ...counts, audit_events: 0 });
    expect(after.audit_events).toBe((counts.audit_events ?? 0) + 1);

    const ask = buttonData(ackedCard, "Send question", {
      question: "Do drafts to [counsel](http://x.example) count?",
    });
    const asked = await client.invoke(maria, ask.verb, ask.data);
    expect(cardText(asked.body.value ?? {})).toContain(`Sent your question on T-1 to ${bob.name}.`);
    await t.deliver();
    const toBob = f.lastCard(bob);
    expect(cardText(toBob)).toContain(`${maria.name} asks about T-1: Do drafts to`);
    // Shown as typed, not as a link it hides.
    expect(cardText(toBob)).toContain("Do drafts to \\[counsel\\](http://x.example) count?");
    expect(executeActions(toBob).map((a) => a.title)).toEqual(["Send question"]);
  });

  it("a covering admin approves an away supervisor's task, recorded as covering for him", async () => {
    const f = await teamsFirm(t.endpoint, t.connector);
    const { client, alice, bob, maria } = f;
    await f.assignMaria("Exhibit index");
    expect(
      await f.command(bob, `away <at>${bob.name}</at> until:2026-12-20 cover:<at>${alice.name}</at>`, {
        mentions: [bob, alice],
      }),
    ).toContain(`${alice.name} covers for ${bob.name}`);
    expect(await f.command(maria, 'submit T-1 "done"')).toContain(`${alice.name} covers for them`);
    await t.deliver();
    const review = f.lastCard(alice);
    expect(cardText(review)).toContain(`${bob.name} is away`);
    const approve = buttonData(review, "Approve");
    const approved = await client.invoke(alice, approve.verb, approve.data);
    expect(cardText(approved.body.value ?? {})).toMatch(/You approved it covering for Bob/);
    const [review_] = await t.server.database.query<{ covered: string }>(
      `select c.display_name as covered from reviews v join people c on c.id = v.covered_for
         join tasks t on t.id = v.task_id join people a on a.id = t.assignee_id where a.display_name = $1`,
      [maria.name],
    );
    expect(review_?.covered).toBe(bob.name);
  });
});
