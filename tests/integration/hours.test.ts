import { beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, seedFirm, textOf } from "../support/core-harness.js";

/**
 * A hand-computed week, 2026-W49: Mon 30 Nov 00:00 to Mon 7 Dec 00:00 in New York (05:00Z both ends).
 * Firm default rate 300; bob bills 400; carol has no rate (→ 300). maria costs 25/h, dev 30/h.
 *
 *  T-1 bob/maria   est 3h, spent 2h,    approved Tue 1 Dec        → 3h, 1200, cost 50
 *  T-2 carol/dev   legal_research, no est (built-in 4h), spent 1.5h, approved Wed 2 Dec → 4h, 1200, cost 45
 *  T-3 bob/maria   est 2h, approved Sun 6 Dec 23:30 EST (04:30Z Mon) → in the week: 2h, 800
 *  T-4 bob/maria   est 1h, approved Mon 7 Dec 00:30 EST              → next week
 *  T-5 bob/maria   est 5h, approved Sun 29 Nov 23:59 EST             → previous week
 *  T-6 bob/maria   submitted, never approved                         → not counted
 *  T-7 carol/maria drafting, firm default est.drafting:2h, spent 1h  → 2h, 600, cost 25
 *
 * Firm: 4 tasks, 11 h, value 3,800, cost 120, net 3,680.
 * bob: 2 tasks, 5 h, 2,000, cost 50, net 1,950. carol: 2 tasks, 6 h, 1,800, cost 70, net 1,730.
 */
describe("hours", () => {
  let h: Harness;

  const approveAt = async (iso: string, supervisor: string, n: number, assignee: string, spent?: string) => {
    h.clock.set(new Date(new Date(iso).getTime() - 60_000));
    const submitted = await h.say(assignee, `submit T-${n}${spent ? ` spent:${spent}` : ""}`);
    expect(submitted.tone, submitted.lines.join()).toBe("success");
    h.clock.set(iso);
    const approved = await h.say(supervisor, `approve T-${n}`);
    expect(approved.tone, approved.lines.join()).toBe("success");
  };

  beforeEach(async () => {
    h = await createHarness({ now: "2026-11-25T15:00:00Z" });
    await seedFirm(h);
    await h.say("alice", "team set @dev nda:2026-01-01");
    await h.say("alice", "firm set est.drafting:2h");
    const assign = async (supervisor: string, text: string) => {
      const v = await h.say(supervisor, text);
      expect(v.tone, v.lines.join()).not.toBe("error");
    };
    await assign("bob", 'assign @maria "One" matter:M-1 due:"2026-12-20 17:00" est:3h');
    await assign("carol", 'assign @dev "Two" matter:M-2 due:"2026-12-20 17:00" type:legal_research');
    await assign("bob", 'assign @maria "Three" matter:M-1 due:"2026-12-20 17:00" est:2h');
    await assign("bob", 'assign @maria "Four" matter:M-1 due:"2026-12-20 17:00" est:1h');
    await assign("bob", 'assign @maria "Five" matter:M-1 due:"2026-12-20 17:00" est:5h');
    await assign("bob", 'assign @maria "Six" matter:M-1 due:"2026-12-20 17:00" est:8h');
    await assign("carol", 'assign @maria "Seven" matter:M-1 due:"2026-12-20 17:00" type:drafting');
    await approveAt("2026-12-01T16:00:00Z", "bob", 1, "maria", "2h");
    await approveAt("2026-12-02T16:00:00Z", "carol", 2, "dev", "1.5h");
    await approveAt("2026-12-07T04:30:00Z", "bob", 3, "maria");
    await approveAt("2026-12-07T05:30:00Z", "bob", 4, "maria");
    await approveAt("2026-11-30T04:59:00Z", "bob", 5, "maria");
    h.clock.set("2026-12-03T12:00:00Z");
    await h.say("maria", "submit T-6");
    await approveAt("2026-12-04T12:00:00Z", "carol", 7, "maria", "1h");
  });

  it("sums exactly the tasks approved in the firm's week, at the right rates", async () => {
    const view = await h.say("bob", "hours 2026-W49");
    expect(view.title).toBe("Attorney hours recovered, 2026-W49");
    expect(view.lines).toEqual([
      "Recovered: 11 h of attorney time over 4 approved tasks, 8.1% of the attorneys' 135 h of working time.",
      "Value $3,800.00 · cost $120.00 · billed to clients $0.00 · value less cost $3,680.00",
      "Check: no time logged on T-3 (M-1): cost and billing for that work are unknown, not zero.",
      "Check: no bill rate on file for maria; their time on T-1 (M-1) and T-7 (M-1), on matters billed at bill rates, was not billed.",
      "Check: no bill rate on file for dev; their time on T-2 (M-2), on matters billed at bill rates, was not billed.",
    ]);
    expect(view.items?.map((i) => i.text)).toEqual([
      "Attorney carol: 6 h recovered · 2 tasks · value $1,800.00 · cost $70.00 · billed $0.00 · value less cost $1,730.00",
      "Attorney bob: 5 h recovered · 2 tasks · value $2,000.00 · cost $50.00 · billed $0.00 · value less cost $1,950.00",
      "Provider Acme LPO: 3 tasks approved · 3 h logged · first pass 3 of 3 (100%) · on time 3 of 3 (100%) · cost $75.00 · billed $0.00",
      "No provider on file: 1 task approved · 1.5 h logged · first pass 1 of 1 (100%) · on time 1 of 1 (100%) · cost $45.00 · billed $0.00",
    ]);
  });

  it("reads this and last week in the firm's zone", async () => {
    // Sun 6 Dec 2026, 22:00 in New York (03:00Z Monday): still W49 there.
    h.clock.set("2026-12-07T03:00:00Z");
    expect((await h.say("bob", "hours")).title).toBe("Attorney hours recovered, 2026-W49");
    expect(textOf(await h.say("bob", "hours last"))).toContain(
      "Recovered: 5 h of attorney time over 1 approved task,",
    );
    h.clock.set("2026-12-08T12:00:00Z");
    expect(textOf(await h.say("bob", "hours this"))).toContain(
      "Recovered: 1 h of attorney time over 1 approved task,",
    );
  });

  it("is for attorneys and admins only", async () => {
    const view = await h.say("maria", "hours");
    expect(view.tone).toBe("error");
    expect(view.lines[0]).toBe("Only attorneys and admins can see recovered hours.");
  });
});
