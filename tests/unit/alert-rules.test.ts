import { describe, expect, it } from "vitest";
import { holdUntil, oneWorkingDayAfter, planAlerts, planReviewReminder } from "../../src/jobs/alert-rules.js";

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
