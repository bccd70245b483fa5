import { describe, expect, it } from "vitest";
import { holdUntil, oneWorkingDayAfter, planAlerts, planReviewReminder } from "../../src/jobs/alert-rules.js";
import { alertWindows, mergeRanges, offsetShiftMs } from "../../src/jobs/alert-windows.js";

const maria = {
  role: "professional",
  tz: "Asia/Manila",
  workStart: 9 * 60,
  workEnd: 18 * 60,
  workDays: ["mon", "tue", "wed", "thu", "fri"],
};
const firm = { tz: "America/New_York", alertOffsets: [1440, 120] };
const d = (iso: string) => new Date(iso);

describe("alert rules", () => {
  it("counts one working day in the firm's calendar", () => {
    expect(oneWorkingDayAfter(d("2026-12-04T22:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-12-07T22:00:00.000Z", // Fri 17:00 → Mon 17:00
    );
    expect(oneWorkingDayAfter(d("2026-12-05T15:00:00Z"), "America/New_York").toISOString()).toBe(
      "2026-12-07T15:00:00.000Z", // Sat 10:00 → Mon 10:00
    );
    expect(oneWorkingDayAfter(d("2026-12-01T15:00:00Z"), "Asia/Manila", ["sat"]).toISOString()).toBe(
      "2026-12-05T15:00:00.000Z",
    );
  });

  it("plans only the nearest due reminder, then overdue, then the admins", () => {
    const task = {
      status: "assigned" as const,
      dueAt: d("2026-12-03T22:00:00Z"),
      createdAt: d("2026-12-01T00:00:00Z"),
    };
    const kinds = (iso: string) => planAlerts(task, firm, d(iso)).map((p) => `${p.kind}:${p.to.join("+")}`);
    expect(kinds("2026-12-02T21:59:59Z")).toEqual([]);
    expect(kinds("2026-12-02T22:00:00Z")).toEqual(["due_soon_1440:assignee"]);
    expect(kinds("2026-12-03T21:00:00Z")).toEqual(["due_soon_120:assignee"]);
    expect(kinds("2026-12-03T22:00:00Z")).toEqual(["overdue:assignee+supervisor"]);
    expect(kinds("2026-12-04T22:00:00Z")).toEqual(["overdue:assignee+supervisor", "overdue_admins:admins"]);
    // A week and more after the deadline an outage does not bring back stale news.
    expect(kinds("2026-12-11T22:00:01Z")).toEqual([]);
    expect(planAlerts({ ...task, status: "submitted" }, firm, d("2026-12-04T22:00:00Z"))).toEqual([]);
    expect(planAlerts({ ...task, status: "approved" }, firm, d("2026-12-04T22:00:00Z"))).toEqual([]);
  });

  it("reminds about a review once the supervisor's next working day has passed", () => {
    const submitted = {
      status: "submitted" as const,
      dueAt: d("2026-12-20T22:00:00Z"),
      createdAt: d("2026-12-01T00:00:00Z"),
      submittedAt: d("2026-12-04T15:00:00Z"),
    };
    const bob = { tz: "America/New_York", workDays: ["mon", "tue", "wed", "thu", "fri"] };
    expect(planReviewReminder(submitted, bob, d("2026-12-07T14:59:00Z"))).toEqual([]);
    expect(planReviewReminder(submitted, bob, d("2026-12-07T15:00:00Z"))).toEqual([
      { kind: "review_waiting", keyAt: submitted.submittedAt, to: ["supervisor"] },
    ]);
  });

  it("holds a professional's reminder for their working hours unless the deadline comes first", () => {
    // Thu 06:00 in Manila: held until 09:00 (01:00Z).
    expect(holdUntil(d("2026-12-02T22:00:00Z"), maria, d("2026-12-03T22:00:00Z"))?.toISOString()).toBe(
      "2026-12-03T01:00:00.000Z",
    );
    // The deadline (06:00 Manila) is before her 09:00: now.
    expect(holdUntil(d("2026-12-03T20:00:00Z"), maria, d("2026-12-03T22:00:00Z"))).toBeUndefined();
    // Inside working hours, or an attorney: now.
    expect(holdUntil(d("2026-12-03T03:00:00Z"), maria, d("2026-12-04T22:00:00Z"))).toBeUndefined();
    expect(
      holdUntil(d("2026-12-02T22:00:00Z"), { ...maria, role: "attorney" }, d("2026-12-04T22:00:00Z")),
    ).toBeUndefined();
  });
});

describe("alert rules for a night shift (hours crossing midnight)", () => {
  /** Rhea in Manila on US hours: 21:00-06:00 Manila (08:00-17:00 EST), shifts starting Monday to Friday. */
  const rhea = { ...maria, workStart: 21 * 60, workEnd: 6 * 60 };

  it("sends a reminder at once inside the shift, after midnight too", () => {
    // Wed 2 Dec 2026 03:00 Manila, in Tuesday's shift.
    expect(holdUntil(d("2026-12-01T19:00:00Z"), rhea, d("2026-12-04T22:00:00Z"))).toBeUndefined();
  });

  it("holds a reminder for the next shift, over the weekend", () => {
    // Wed 10:00 Manila → Wed 21:00 (13:00Z).
    expect(holdUntil(d("2026-12-02T02:00:00Z"), rhea, d("2026-12-04T22:00:00Z"))?.toISOString()).toBe(
      "2026-12-02T13:00:00.000Z",
    );
    // Sat 5 Dec 10:00 Manila (Friday's shift ended at 06:00) → Mon 7 Dec 21:00 (13:00Z).
    expect(holdUntil(d("2026-12-05T02:00:00Z"), rhea, d("2026-12-08T22:00:00Z"))?.toISOString()).toBe(
      "2026-12-07T13:00:00.000Z",
    );
    // Sun 6 Dec 23:00 Manila: no shift starts on Sunday → Mon 21:00.
    expect(holdUntil(d("2026-12-06T15:00:00Z"), rhea, d("2026-12-08T22:00:00Z"))?.toISOString()).toBe(
      "2026-12-07T13:00:00.000Z",
    );
  });

  it("counts a night supervisor's working day from the shift the small hours belong to", () => {
    const night = { workStart: 21 * 60, workEnd: 6 * 60 };
    // Sat 5 Dec 02:00 Manila is in Friday's shift; the next shift after it is Monday's → Tue 8 Dec 02:00.
    expect(
      oneWorkingDayAfter(d("2026-12-04T18:00:00Z"), "Asia/Manila", maria.workDays, night).toISOString(),
    ).toBe("2026-12-07T18:00:00.000Z");
    // Without the hours, by the calendar day: Mon 7 Dec 02:00, when no shift runs.
    expect(oneWorkingDayAfter(d("2026-12-04T18:00:00Z"), "Asia/Manila", maria.workDays).toISOString()).toBe(
      "2026-12-06T18:00:00.000Z",
    );
    // Fri 4 Dec 23:00 Manila (the evening part of Friday's shift) → Mon 7 Dec 23:00.
    expect(
      oneWorkingDayAfter(d("2026-12-04T15:00:00Z"), "Asia/Manila", maria.workDays, night).toISOString(),
    ).toBe("2026-12-07T15:00:00.000Z");
    const submitted = {
      status: "submitted" as const,
      dueAt: d("2026-12-20T22:00:00Z"),
      createdAt: d("2026-12-01T00:00:00Z"),
      submittedAt: d("2026-12-04T18:00:00Z"),
    };
    const supervisor = { tz: "Asia/Manila", workDays: maria.workDays, ...night };
    expect(planReviewReminder(submitted, supervisor, d("2026-12-07T17:59:00Z"))).toEqual([]);
    expect(planReviewReminder(submitted, supervisor, d("2026-12-07T18:00:00Z"))).toHaveLength(1);
  });
});

describe("alert tick windows", () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const show = (rs: { after: number; upTo: number }[]) => rs.map((r) => `${iso(r.after)}..${iso(r.upTo)}`);

  it("reads only what fell due since the last tick", async () => {
    const w = await alertWindows(d("2026-12-02T22:05:00Z"), d("2026-12-02T22:00:00Z"), [1440, 120, 1440]);
    expect(w.dueSoon.map((x) => [x.offset, ...show([x.due])])).toEqual([
      [120, "2026-12-03T00:00:00.000Z..2026-12-03T00:05:00.000Z"],
      [1440, "2026-12-03T22:00:00.000Z..2026-12-03T22:05:00.000Z"],
    ]);
    expect(show(w.overdue)).toEqual(["2026-12-02T22:00:00.000Z..2026-12-02T22:05:00.000Z"]);
    // No zone changes its clocks around early December: one to three days back, five minutes each.
    expect(show(w.escalation)).toEqual([
      "2026-11-29T22:00:00.000Z..2026-11-29T22:05:00.000Z",
      "2026-11-30T22:00:00.000Z..2026-11-30T22:05:00.000Z",
      "2026-12-01T22:00:00.000Z..2026-12-01T22:05:00.000Z",
    ]);
    expect(w.review).toHaveLength(7);
    expect(w.changedAfter?.toISOString()).toBe("2026-12-02T21:59:30.000Z");
  });

  it("reads the zones' offsets a slice at a time, letting the event loop turn in between", async () => {
    // Counts the turns of the event loop while the shift is worked out (a command arriving would be
    // answered in one of them). A week no other test asks about, so nothing is remembered yet.
    let turns = 0;
    const count = () => {
      turns++;
      if (turns < 1000) setImmediate(count);
    };
    setImmediate(count);
    const shift = await offsetShiftMs(d("2031-07-01T00:00:00Z"), d("2031-07-09T00:00:00Z"));
    expect(shift).toBe(0);
    // One pass over every zone in a single turn gave none.
    expect(turns).toBeGreaterThan(5);
  });

  it("widens the working-day ranges by the clock change when one is near", async () => {
    expect(await offsetShiftMs(d("2026-11-24T00:00:00Z"), d("2026-12-02T00:00:00Z"))).toBe(0);
    expect(await offsetShiftMs(d("2027-03-08T00:00:00Z"), d("2027-03-16T00:00:00Z"))).toBeGreaterThanOrEqual(
      3_600_000,
    );
    const w = await alertWindows(d("2027-03-15T16:05:00Z"), d("2027-03-15T16:00:00Z"), [120]);
    expect(show(w.escalation)[0]).toBe("2027-03-12T15:00:00.000Z..2027-03-12T17:05:00.000Z");
  });

  it("reads the whole look-back with no watermark, or one ahead of the clock", async () => {
    const now = d("2026-12-10T12:00:00Z");
    for (const mark of [undefined, d("2026-12-11T00:00:00Z"), d("2026-10-01T00:00:00Z")]) {
      const w = await alertWindows(now, mark, [1440]);
      expect(w.changedAfter).toBeUndefined();
      expect(show(w.overdue)).toEqual(["2026-12-03T11:59:59.999Z..2026-12-10T12:00:00.000Z"]);
      expect(show(w.dueSoon.map((x) => x.due))).toEqual([
        "2026-12-10T12:00:00.000Z..2026-12-11T12:00:00.000Z",
      ]);
      expect(w.review[0]?.after).toBe(now.getTime() - 30 * 86_400_000 - 1);
    }
  });

  it("merges overlapping ranges", () => {
    expect(
      mergeRanges([
        { after: 5, upTo: 9 },
        { after: 1, upTo: 3 },
        { after: 2, upTo: 4 },
        { after: 7, upTo: 7 },
      ]),
    ).toEqual([
      { after: 1, upTo: 4 },
      { after: 5, upTo: 9 },
    ]);
  });
});
