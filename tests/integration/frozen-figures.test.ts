import { beforeEach, describe, expect, it } from "vitest";
import type { Firm } from "../../db/schema.js";
import { weekBounds } from "../../src/domain/weeks.js";
import { weeklyFigures } from "../../src/services/digest-figures.js";
import type { Harness } from "../support/core-harness.js";
import { changeEverything, figuresWeek } from "../support/figures-world.js";

/** The figures of 2026-W49 (tests/support/figures-world.ts), frozen at approval. */
describe("figures frozen at approval", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await figuresWeek();
  });

  const firm = async (): Promise<Firm> => {
    const [row] = await h.database.query<Firm>(
      `select id, name, tz, currency, default_rate as "defaultRate", estimate_defaults as "estimateDefaults",
              utbms_codes as "utbmsCodes", created_at as "createdAt" from firms`,
    );
    if (!row) throw new Error("no firm");
    return row;
  };

  it("shows the week's recovered hours, value, cost, billed and value less cost, in the firm's currency", async () => {
    const view = await h.say("alice", "hours 2026-W49");
    expect(view.lines).toEqual([
      "Recovered: 7.25 h of attorney time (9 h saved less 1.75 h of review) over 3 approved tasks, 5.4% of the attorneys' 135 h of working time.",
      "Value $2,600.00 · cost $135.00 · billed to clients $330.00 · value less cost $2,465.00",
      "Check: no time logged on T-3 (M-1): cost and billing for that work are unknown, not zero.",
    ]);
    expect(view.items?.map((i) => i.text)).toEqual([
      "Attorney bob: 4.25 h recovered · 2 tasks · value $1,700.00 · cost $50.00 · billed $120.00 · value less cost $1,650.00",
      "Attorney carol: 3 h recovered · 1 task · value $900.00 · cost $85.00 · billed $210.00 · value less cost $815.00",
      "Provider Acme LPO: 2 tasks approved · 3 h logged · first pass 2 of 2 (100%) · on time 2 of 2 (100%) · cost $75.00 · billed $180.00",
      "Provider Andes Legal: 1 task approved · 2 h logged · first pass 0 of 1 (0%) · on time 0 of 1 (0%) · cost $60.00 · billed $150.00",
    ]);
  });

  it("keeps past weeks as they were when every rate, estimate, billing mode and setting changes", async () => {
    const hours = await h.say("alice", "hours 2026-W49");
    const quality = await h.say("alice", "quality since:2026-11-30");
    const perPerson = await h.say("alice", "quality @maria since:2026-11-30");
    const before = await weeklyFigures(
      h.database.db,
      await firm(),
      weekBounds({ kind: "last" }, h.clock.now(), "America/New_York"),
      h.clock.now(),
    );
    const exports = [];
    for (const kind of ["hours", "billing", "ledes"])
      exports.push((await h.say("alice", `export ${kind} 2026-W49`)).file?.sha256);

    await changeEverything(h);

    expect(await h.say("alice", "hours 2026-W49")).toEqual(hours);
    expect(await h.say("alice", "quality since:2026-11-30")).toEqual(quality);
    expect(await h.say("alice", "quality @maria since:2026-11-30")).toEqual(perPerson);
    const after = await weeklyFigures(
      h.database.db,
      await firm(),
      weekBounds({ kind: "last" }, h.clock.now(), "America/New_York"),
      h.clock.now(),
    );
    // Only an empty week's zeros would show the new currency; every figure is as frozen.
    expect(after.report.figures).toEqual(before.report.figures);
    expect(after.report.attorneyMinutes).toBe(before.report.attorneyMinutes);
    expect(after.trend).toEqual(before.trend);
    for (const [i, kind] of ["hours", "billing", "ledes"].entries()) {
      expect((await h.say("alice", `export ${kind} 2026-W49`)).file?.sha256, kind).toBe(exports[i]);
    }
    // New work is valued with the new settings: the euro, the new rates, the new estimate.
    h.clock.set("2026-12-08T14:00:00Z");
    expect(
      (await h.say("bob", 'assign @maria "New" matter:M-1 due:"2026-12-10 17:00" type:legal_research')).tone,
    ).not.toBe("error");
    h.clock.set("2026-12-08T15:00:00Z");
    await h.say("maria", "submit T-4 spent:1h");
    await h.say("bob", "approve T-4");
    const now = await h.say("alice", "hours this");
    expect(now.lines[0]).toContain("Recovered: 9 h of attorney time over 1 approved task");
    expect(now.lines[1]).toBe(
      "Value €8,991.00 · cost €40.00 · billed to clients €0.00 · value less cost €8,951.00",
    );
  });

  it("refuses to rewrite frozen figures, even from inside the database", async () => {
    await expect(h.database.query("update approved_figures set saved_minutes = 1")).rejects.toThrow(
      /frozen at approval/,
    );
    await expect(h.database.query("delete from approved_time")).rejects.toThrow(/frozen at approval/);
  });

  it("counts quality per provider, per professional and per supervising attorney", async () => {
    const firmView = await h.say("bob", "quality since:2026-11-30");
    expect(firmView.title).toBe("Quality since 2026-11-30: the firm");
    expect(firmView.lines).toEqual([
      "Tasks approved: 3 · first-pass approval: 2 of 3 (67%)",
      "Rework: 1 round sent back (citation 1)",
      "On time against the committed due time: 2 of 3 (67%) · median turnaround, assignment to approval: 3.1 days",
    ]);
    expect(firmView.items?.map((i) => i.text)).toEqual([
      "Provider Acme LPO: 2 approved · first pass 2 of 2 (100%) · 0 rework rounds · on time 2 of 2 (100%) · median turnaround 2.6 days",
      "Provider Andes Legal: 1 approved · first pass 0 of 1 (0%) · 1 rework round · on time 0 of 1 (0%) · median turnaround 3.1 days",
      "dev: 1 approved · first pass 0 of 1 (0%) · 1 rework round · on time 0 of 1 (0%) · median turnaround 3.1 days",
      "maria: 2 approved · first pass 2 of 2 (100%) · 0 rework rounds · on time 2 of 2 (100%) · median turnaround 2.6 days",
    ]);
    const provider = await h.say("bob", 'quality provider:"andes legal" since:2026-11-30');
    expect(provider.title).toBe("Quality since 2026-11-30: Andes Legal");
    expect(provider.lines[0]).toBe("Tasks approved: 1 · first-pass approval: 0 of 1 (0%)");
    const carol = await h.say("bob", "quality @carol since:2026-11-30");
    expect(carol.title).toBe("Quality since 2026-11-30: carol, work they supervised");
    expect(carol.lines[0]).toBe("Tasks approved: 1 · first-pass approval: 0 of 1 (0%)");
    // Without since:, the last 90 days.
    expect((await h.say("bob", "quality")).title).toBe(
      "Quality since 2026-09-08 (the last 90 days; since:YYYY-MM-DD for another start): the firm",
    );
    const refused = await h.say("maria", "quality");
    expect(refused.tone).toBe("error");
    expect(refused.lines[0]).toBe("Only attorneys and admins can see quality figures.");
  });
});
