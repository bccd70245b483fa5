import { beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, rowCounts, seedFirm } from "../support/core-harness.js";

/** Nobody approves or sends back their own work, whatever their role. */
describe("separation of duties", () => {
  let h: Harness;

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    for (const [user, text] of [
      ["bob", 'assign @maria "Review exhibits" matter:M-1 due:"fri 5pm"'],
      ["maria", "submit T-1 spent:1h"],
      // maria is then made an admin: admins approve any task, but not their own.
      ["alice", "team set @maria role:admin"],
    ] as const) {
      expect((await h.say(user, text)).tone, text).not.toBe("error");
    }
  });

  it("refuses the assignee's approval and request for changes, typed or clicked, changing nothing", async () => {
    const before = await rowCounts(h.database);
    const refusal = (verb: string) =>
      `You are assigned T-1, so you cannot ${verb} it: someone else must review your own work (bob, who supervises it, or another admin).`;
    for (const [text, verb] of [
      ["approve T-1", "approve"],
      ['approve T-1 "fine by me"', "approve"],
      ['changes T-1 "redo it"', "request changes on"],
    ] as const) {
      const view = await h.say("maria", text);
      expect(view.tone, text).toBe("error");
      expect(view.lines[0], text).toBe(refusal(verb));
    }
    const clicked = await h.click("maria", { action: "approve", task: 1, version: 3 });
    expect(clicked.lines[0]).toBe(refusal("approve"));
    expect(await rowCounts(h.database)).toEqual(before);
  });

  it("shows the assignee no review buttons, and lets another admin approve", async () => {
    const mine = await h.say("maria", "show T-1");
    expect(mine.actions?.map((a) => a.action) ?? []).not.toContain("approve");
    expect(mine.actions?.map((a) => a.action) ?? []).not.toContain("changes");
    const theirs = await h.say("alice", "show T-1");
    expect(theirs.actions?.map((a) => a.action)).toEqual(["approve", "changes", "ask"]);
    const approved = await h.say("alice", "approve T-1");
    expect(approved.lines[0]).toMatch(/^Approved T-1 \(round 1\) by alice/);
  });
});
