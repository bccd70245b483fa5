import { describe, expect, it } from "vitest";
import { planAckAlerts } from "../../src/jobs/alert-rules.js";

const alertAt = new Date("2026-12-02T05:00:00Z");
const adminsAt = new Date("2026-12-02T09:00:00Z");
const task = {
  status: "assigned" as const,
  acknowledgedAt: null,
  ackAlertAt: alertAt,
  ackAdminsAt: adminsAt,
};

describe("acknowledgement alerts", () => {
  it("tells the supervisor once the window has passed, then the admins", () => {
    expect(planAckAlerts(task, new Date("2026-12-02T04:59:00Z"))).toEqual([]);
    expect(planAckAlerts(task, alertAt)).toEqual([
      { kind: "unacknowledged", keyAt: alertAt, to: ["supervisor"] },
    ]);
    expect(planAckAlerts(task, adminsAt).map((p) => p.kind)).toEqual([
      "unacknowledged",
      "unacknowledged_admins",
    ]);
  });

  it("owes nothing once acknowledged, once submitted or closed, or a week after", () => {
    const later = new Date("2026-12-03T00:00:00Z");
    expect(planAckAlerts({ ...task, acknowledgedAt: new Date("2026-12-01T15:00:00Z") }, later)).toEqual([]);
    for (const status of ["submitted", "approved", "cancelled"] as const) {
      expect(planAckAlerts({ ...task, status }, later)).toEqual([]);
    }
    expect(planAckAlerts({ ...task, status: "in_progress" }, later)).toHaveLength(2);
    expect(planAckAlerts(task, new Date("2026-12-10T00:00:00Z"))).toEqual([]);
    expect(planAckAlerts({ ...task, ackAlertAt: null, ackAdminsAt: null }, later)).toEqual([]);
  });
});
