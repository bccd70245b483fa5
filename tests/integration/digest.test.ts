import { beforeEach, describe, expect, it } from "vitest";
import { runDigest } from "../../src/jobs/run-digest.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, seedFirm } from "../support/core-harness.js";
import { openSecondConnection } from "../support/test-database.js";

/** Digest posts queued so far, oldest first, with the channel they go to. */
const digestsQueued = async (h: Harness): Promise<{ channel: string; view: View }[]> => {
  const rows = await h.database.query<{ channel: string; payload: View | string }>(
    `select c.channel_id as channel, o.payload from outbox o join channels c on c.id = o.channel_id
      where o.kind = 'digest.weekly' order by o.id`,
  );
  return rows.map((r) => ({
    channel: r.channel,
    view: typeof r.payload === "string" ? (JSON.parse(r.payload) as View) : r.payload,
  }));
};

const ok = async (h: Harness, user: string, text: string, extra = {}) => {
  const v = await h.say(user, text, extra);
  expect(v.tone, `${text}: ${v.lines.join(" ")}`).not.toBe("error");
};

const digestAt = async (h: Harness, iso: string) => {
  h.clock.set(iso);
  return runDigest({ db: h.database.db }, h.clock.now());
};

/**
 * A hand-computed week, 2026-W49: Mon 30 Nov 00:00 to Mon 7 Dec 00:00 in New York (05:00Z).
 * Rates: firm 300, bob 400, carol none (→ 300). Costs: maria 25/h, dev 30/h. All tasks were
 * assigned Wed 25 Nov 15:00Z. Due times are New York times.
 *
 *  T-1 bob/maria  est 3h, due Wed 2 Dec 17:00; submitted Tue 1 Dec (2h), approved Tue 1 Dec 16:00Z
 *                 → 3h, 1,200, cost 50; on time; first pass; turnaround 145 h
 *  T-2 carol/dev  research (built-in 4h), due Tue 1 Dec 12:00 (17:00Z); submitted 18:00Z (late, 1h),
 *                 changes (citation) 19:00Z, resubmitted Wed 2 Dec 15:00Z (0.5h), approved 16:00Z
 *                 → 4h, 1,200, cost 45; late; round 2; turnaround 169 h
 *  T-3 bob/maria  est 2h, approved Sun 6 Dec 23:30 EST (04:30Z Mon) → in the week: 2h, 800;
 *                 on time; first pass; turnaround 277.5 h
 *  T-4 bob/maria  est 1h, approved Mon 7 Dec 00:30 EST → next week
 *  T-5 bob/maria  est 5h, approved Sun 29 Nov 23:59 EST → previous week (2026-W48)
 *  T-6 carol/maria drafting (firm default 2h), due Thu 3 Dec 17:00; changes (formatting) Wed 2 Dec,
 *                 changes (citation) Thu 3 Dec, resubmitted Fri 4 Dec 12:00Z (1h), approved 14:00Z
 *                 → 2h, 600, cost 25; late; round 3; turnaround 215 h
 *  T-7 bob/maria  in progress, due Fri 4 Dec 17:00 → open and overdue when the digest is made
 *  T-8 carol/dev  assigned, due 20 Dec, on M-2 → open
 *  T-9 bob/maria  changes (privilege) Fri 27 Nov (previous week), resubmitted Thu 3 Dec → open
 *
 * Firm: 4 tasks, 11 h, value 3,800, cost 120, net 3,680. bob: 2 tasks, 5 h, 2,000, cost 50.
 * carol: 2 tasks, 6 h, 1,800, cost 70. On time 2 of 4; first pass 2 of 4; median turnaround
 * (169 + 215) / 2 = 192 h = 8 days. Rework on the week's approved work: citation 2, formatting 1.
 * No one has a bill rate: nothing is billed, and the digest says why. Attorneys' time: alice,
 * bob and carol, 45 h each (8.1% recovered).
 */
describe("weekly digest", () => {
  let h: Harness;

  const at = async (iso: string, user: string, text: string) => {
    h.clock.set(iso);
    await ok(h, user, text);
  };

  beforeEach(async () => {
    h = await createHarness({ now: "2026-11-25T15:00:00Z" });
    await seedFirm(h);
    await ok(h, "alice", "team set @dev nda:2026-01-01");
    await ok(h, "alice", "firm set est.drafting:2h");
    await ok(h, "alice", "digest here", { channelId: "C-digest" });
    const due = (d: string) => `due:"${d}"`;
    await ok(h, "bob", `assign @maria "One" matter:M-1 ${due("2026-12-02 17:00")} est:3h`);
    await ok(h, "carol", `assign @dev "Two" matter:M-2 ${due("2026-12-01 12:00")} type:legal_research`);
    await ok(h, "bob", `assign @maria "Three" matter:M-1 ${due("2026-12-10 17:00")} est:2h`);
    await ok(h, "bob", `assign @maria "Four" matter:M-1 ${due("2026-12-10 17:00")} est:1h`);
    await ok(h, "bob", `assign @maria "Five" matter:M-1 ${due("2026-12-10 17:00")} est:5h`);
    await ok(h, "carol", `assign @maria "Six" matter:M-1 ${due("2026-12-03 17:00")} type:drafting`);
    await ok(h, "bob", `assign @maria "Seven" matter:M-1 ${due("2026-12-04 17:00")} est:8h`);
    await ok(h, "carol", `assign @dev "Eight" matter:M-2 ${due("2026-12-20 17:00")}`);
    await ok(h, "bob", `assign @maria "Nine" matter:M-1 ${due("2026-12-20 17:00")}`);

    await at("2026-11-27T15:00:00Z", "maria", "submit T-9");
    await at("2026-11-27T16:00:00Z", "bob", 'changes T-9 "privileged page" reason:privilege');
    await at("2026-11-30T04:58:00Z", "maria", "submit T-5");
    await at("2026-11-30T04:59:00Z", "bob", "approve T-5");
    await at("2026-12-01T15:00:00Z", "maria", "submit T-1 spent:2h");
    await at("2026-12-01T16:00:00Z", "bob", "approve T-1");
    await at("2026-12-01T18:00:00Z", "dev", "submit T-2 spent:1h");
    await at("2026-12-01T19:00:00Z", "carol", 'changes T-2 "pin cites" reason:citation');
    await at("2026-12-02T12:00:00Z", "maria", "submit T-6");
    await at("2026-12-02T13:00:00Z", "carol", 'changes T-6 "headings" reason:formatting');
    await at("2026-12-02T15:00:00Z", "dev", "submit T-2 spent:0.5h");
    await at("2026-12-02T16:00:00Z", "carol", "approve T-2");
    await at("2026-12-03T12:00:00Z", "maria", "submit T-6");
    await at("2026-12-03T13:00:00Z", "carol", 'changes T-6 "cites" reason:citation');
    await at("2026-12-03T15:00:00Z", "maria", "submit T-9");
    await at("2026-12-03T16:00:00Z", "maria", "start T-7");
    await at("2026-12-04T12:00:00Z", "maria", "submit T-6 spent:1h");
    await at("2026-12-04T14:00:00Z", "carol", "approve T-6");
    await at("2026-12-07T04:29:00Z", "maria", "submit T-3");
    await at("2026-12-07T04:30:00Z", "bob", "approve T-3");
    await at("2026-12-07T05:29:00Z", "maria", "submit T-4");
    await at("2026-12-07T05:30:00Z", "bob", "approve T-4");
  });

  it("posts last week's figures to the digest channel at Monday 08:00 in the firm's zone, once", async () => {
    // Before 08:00 EST the latest due digest is 2026-W48's, never posted: it goes now, marked late.
    expect(await digestAt(h, "2026-12-07T12:59:00Z")).toEqual([
      { firmId: expect.any(String), week: "2026-W48", late: true },
    ]);
    const [late] = await digestsQueued(h);
    expect(late?.view.title).toBe("Weekly digest, 2026-W48 · Smith & Lee LLP (late)");
    expect(late?.view.lines.slice(0, 2)).toEqual([
      "Posted late: this digest was due Mon 30 Nov 2026, 8:00 AM EST.",
      "Recovered: 5 h of attorney time over 1 approved task, 3.7% of the attorneys' 135 h of working time.",
    ]);

    expect(await digestAt(h, "2026-12-07T13:00:00Z")).toEqual([
      { firmId: expect.any(String), week: "2026-W49", late: false },
    ]);
    const [, digest] = await digestsQueued(h);
    expect(digest?.channel).toBe("C-digest");
    expect(digest?.view.audience).toBe("channel");
    expect(digest?.view.title).toBe("Weekly digest, 2026-W49 · Smith & Lee LLP");
    expect(digest?.view.lines).toEqual([
      "Recovered: 11 h of attorney time over 4 approved tasks, 8.1% of the attorneys' 135 h of working time.",
      "Value $3,800.00 · cost $120.00 · billed to clients $0.00 · value less cost $3,680.00",
      "Check: no time logged on T-3 (M-1): cost and billing for that work are unknown, not zero.",
      "Check: no bill rate on file for maria; their time on T-1 (M-1) and T-6 (M-1), on matters billed at bill rates, was not billed.",
      "Check: no bill rate on file for dev; their time on T-2 (M-2), on matters billed at bill rates, was not billed.",
      "On time: 2 of 4 (50%) · first-pass approval: 2 of 4 (50%) · median turnaround: 8 days",
      "Rework before approval: 3 rounds (citation 2 · formatting 1)",
      "Open work: 3 tasks · overdue with the professional: 1 · waiting on review: 1 (0 past due)",
      "Overdue with the professional: T-7 (M-1)",
      expect.stringMatching(
        /^Audit trail: \d+ events, head #\d+ [0-9a-f]{16} \(admins can check it with audit verify\)\.$/,
      ),
    ]);
    expect(digest?.view.items?.map((i) => i.text)).toEqual([
      "Attorney carol: 6 h recovered · 2 tasks · value $1,800.00 · cost $70.00 · billed $0.00 · value less cost $1,730.00",
      "Attorney bob: 5 h recovered · 2 tasks · value $2,000.00 · cost $50.00 · billed $0.00 · value less cost $1,950.00",
      "Provider Acme LPO: 3 tasks approved · 3 h logged · first pass 2 of 3 (67%) · on time 2 of 3 (67%) · cost $75.00 · billed $0.00",
      "No provider on file: 1 task approved · 1.5 h logged · first pass 0 of 1 (0%) · on time 0 of 1 (0%) · cost $45.00 · billed $0.00",
    ]);
    // The chart of the last twelve weeks goes with it, described in words.
    const chart = digest?.view.image;
    expect(chart?.alt).toMatch(
      /^Chart of the 12 weeks 2026-W38 to 2026-W49\. Bars, attorney hours recovered: /,
    );
    expect(chart?.alt).toContain("W48 5 h, W49 11 h.");
    expect(chart?.alt).toContain("W49 $3,800.00 against $120.00.");
    const png = Buffer.from(chart?.pngBase64 ?? "", "base64");
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([chart?.width, chart?.height]);
    // No task title reaches the channel.
    const text = JSON.stringify(digest?.view);
    for (const title of ["One", "Two", "Three", "Six", "Seven", "Eight", "Nine"]) {
      expect(text).not.toContain(`"${title}`);
      expect(text).not.toContain(` ${title}`);
    }
    // The same figures as `hours` for the week: its lines open the digest, its rows are the digest's rows.
    const hours = await h.say("bob", "hours 2026-W49");
    expect(digest?.view.lines.slice(0, hours.lines.length)).toEqual(hours.lines);
    expect(digest?.view.items).toEqual(hours.items);

    // Later checks, and a second replica checking at the same instant, post nothing more.
    const second = await openSecondConnection();
    h.clock.set("2026-12-07T13:01:00Z");
    const again = await Promise.all([
      runDigest({ db: h.database.db }, h.clock.now()),
      runDigest({ db: second.db }, h.clock.now()),
    ]);
    expect(again).toEqual([[], []]);
    expect(await digestAt(h, "2026-12-10T13:00:00Z")).toEqual([]);
    expect(await digestsQueued(h)).toHaveLength(2);
  });

  it("notes undeliverable notifications in the footer", async () => {
    await h.database.query(
      "update outbox set status = 'parked', last_error = 'channel_not_found' where id in (select id from outbox order by id limit 2)",
    );
    await digestAt(h, "2026-12-07T13:00:00Z");
    const [digest] = await digestsQueued(h);
    expect(digest?.view.lines.at(-1)).toBe(
      "2 notifications could not be delivered: an admin can list them with outbox.",
    );
  });
});

describe("a new firm's first digest", () => {
  it("covers no week before the firm existed, and comes on time for its first week", async () => {
    // Created Wed 2 Dec 2026 in New York, in 2026-W49.
    const h = await createHarness({ now: "2026-12-02T15:00:00Z" });
    await seedFirm(h);
    await ok(h, "alice", "digest here", { channelId: "C-digest" });
    // The digest fired Mon 30 Nov 08:00 for 2026-W48, before the firm existed: nothing, not "late".
    expect(await digestAt(h, "2026-12-02T15:05:00Z")).toEqual([]);
    expect(await digestAt(h, "2026-12-06T12:00:00Z")).toEqual([]);
    expect(await digestsQueued(h)).toEqual([]);
    // Mon 7 Dec 08:00 EST: the firm's first week, on time.
    expect(await digestAt(h, "2026-12-07T13:00:00Z")).toEqual([
      { firmId: expect.any(String), week: "2026-W49", late: false },
    ]);
    const [first] = await digestsQueued(h);
    expect(first?.view.title).toBe("Weekly digest, 2026-W49 · Smith & Lee LLP");
  });
});

describe("weekly digest across zones and DST", () => {
  it("fires at Monday 08:00 on each firm's own clock", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await seedFirm(h);
    await ok(h, "alice", "digest here", { channelId: "C-ny" });
    const tokyo = { workspaceId: `${h.workspace}-tokyo`, channelId: "C-tokyo" };
    await ok(h, "kenji", 'setup firm:"Tokyo Law" tz:Asia/Tokyo rate:200', tokyo);
    await ok(h, "kenji", "digest here", tokyo);

    // Both firms were created in 2026-W49: there is no earlier week of theirs to post.
    expect(await digestAt(h, "2026-12-06T22:59:00Z")).toEqual([]);
    // Mon 7 Dec 08:00 in Tokyo is Sun 6 Dec 23:00Z: Tokyo's week is over, New York's is not.
    const tokyoDigest = await digestAt(h, "2026-12-06T23:00:00Z");
    expect(tokyoDigest.map((d) => [d.week, d.late])).toEqual([["2026-W49", false]]);
    expect((await digestsQueued(h)).at(-1)?.channel).toBe("C-tokyo");
    expect(await digestAt(h, "2026-12-07T12:59:00Z")).toEqual([]);
    expect((await digestAt(h, "2026-12-07T13:00:00Z")).map((d) => d.week)).toEqual(["2026-W49"]);
    expect((await digestsQueued(h)).at(-1)?.channel).toBe("C-ny");
  });

  it("counts a week by the firm's wall clock when the clocks change, and fires at 08:00 EDT after", async () => {
    // US clocks spring forward Sun 14 Mar 2027; 2027-W10 runs Mon 8 Mar 00:00 EST (05:00Z) to
    // Mon 15 Mar 00:00 EDT (04:00Z).
    const h = await createHarness({ now: "2027-03-01T15:00:00Z" });
    await seedFirm(h);
    await ok(h, "alice", "team set @maria nda-expires:2028-01-15");
    await ok(h, "alice", "digest here");
    for (const n of [1, 2, 3, 4]) {
      await ok(h, "bob", `assign @maria "Task ${n}" matter:M-1 due:"2027-03-30 17:00" est:${n}h`);
    }
    const approve = async (n: number, iso: string) => {
      h.clock.set(new Date(new Date(iso).getTime() - 60_000));
      await ok(h, "maria", `submit T-${n}`);
      h.clock.set(iso);
      await ok(h, "bob", `approve T-${n}`);
    };
    await approve(1, "2027-03-08T04:30:00Z"); // Sun 7 Mar 23:30 EST: W09
    await approve(2, "2027-03-08T05:30:00Z"); // Mon 8 Mar 00:30 EST: W10
    await approve(3, "2027-03-15T03:30:00Z"); // Sun 14 Mar 23:30 EDT: W10 (a fixed UTC-5 would say W11)
    await approve(4, "2027-03-15T04:30:00Z"); // Mon 15 Mar 00:30 EDT: W11

    expect((await digestAt(h, "2027-03-14T12:00:00Z")).map((d) => d.week)).toEqual(["2027-W09"]);
    expect(await digestAt(h, "2027-03-15T11:59:00Z")).toEqual([]);
    expect(await digestAt(h, "2027-03-15T12:00:00Z")).toEqual([
      { firmId: expect.any(String), week: "2027-W10", late: false },
    ]);
    const posted = await digestsQueued(h);
    expect(posted[0]?.view.lines.slice(1, 3)).toEqual([
      "Recovered: 1 h of attorney time over 1 approved task, 0.7% of the attorneys' 135 h of working time.",
      "Value $400.00 · cost $0.00 · billed to clients $0.00 · value less cost $400.00",
    ]);
    expect(posted[1]?.view.lines.slice(0, 2)).toEqual([
      "Recovered: 5 h of attorney time over 2 approved tasks, 3.7% of the attorneys' 135 h of working time.",
      "Value $2,000.00 · cost $0.00 · billed to clients $0.00 · value less cost $2,000.00",
    ]);
  });
});
