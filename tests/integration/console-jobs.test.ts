import { beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSession } from "../../adapters/console/console-session.js";
import { openConsoleSession } from "../support/console-harness.js";

/** `.run alerts` and `.run digest` in the console: the scheduled jobs, now, on the console's clock. */
describe("console .run", () => {
  let session: ConsoleSession;

  const lines = async (...input: string[]): Promise<string[]> => {
    const out: string[] = [];
    for (const line of input) out.push(...(await session.handleLine(line)));
    return out;
  };

  beforeAll(async () => {
    ({ session } = await openConsoleSession());
    const setup = await lines(
      ".clock 2026-12-01T09:00Z",
      'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
      ".clock 2026-12-01T09:00",
      "team add @bob role:attorney rate:400",
      "team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 nda:2026-01-15 cost:25",
      'matter add M-1 "Smith v. Jones"',
      "digest here",
      "as bob",
      'assign @maria "Review exhibits" matter:M-1 due:"2026-12-03 17:00" est:2h',
      // Acknowledged at once: the deadline alerts are what this test is about.
      "as maria",
      "ack T-1",
      "as bob",
    );
    expect(setup.filter((l) => l.startsWith("Error"))).toEqual([]);
  });

  it("runs the alert job at the console's clock and prints the messages it sends", async () => {
    expect(await lines(".clock 2026-12-02T16:00", ".run alerts")).toEqual([
      "Clock: 2026-12-02T16:00-05:00 (America/New_York), set by .clock; .clock now returns to real time.",
      "Alerts: nothing new is due.",
    ]);
    // 24 h before the deadline it is 06:00 in Manila: the reminder waits for maria's 09:00.
    const held = await lines(".clock 2026-12-02T17:00", ".run alerts");
    expect(held.slice(1)).toEqual([
      "Alerts: 1 due, 1 message queued (1 held until the recipient's working hours).",
    ]);
    const morning = await lines(".clock 2026-12-02T20:00", "list");
    expect(morning).toContain("→ @maria: T-1 · Review exhibits");
    expect(morning).toContain(
      "    Reminder: T-1 is due in 24 hours, at Fri 4 Dec 2026, 6:00 AM Manila time your time.",
    );
    expect(morning).toContain('      → start T-1 · submit T-1 · ask T-1 "question"');

    const overdue = await lines(".clock 2026-12-03T17:00", ".run alerts");
    expect(overdue[1]).toBe("Alerts: 1 due, 2 messages queued.");
    expect(overdue.filter((l) => l.startsWith("→ "))).toEqual([
      "→ @maria: T-1 · Review exhibits",
      "→ @bob: T-1 · Review exhibits",
    ]);
    expect((await lines(".run alerts"))[0]).toBe("Alerts: nothing new is due.");
  });

  it("posts the digest to the digest channel, once", async () => {
    await lines("as maria", ".clock 2026-12-03T18:00", "submit T-1 spent:1h", "as bob", "approve T-1");
    const out = await lines(".clock 2026-12-07T08:00", ".run digest");
    expect(out[1]).toBe("Digest: 2026-W49 posted.");
    expect(out[2]).toBe("→ #console: Weekly digest, 2026-W49 · Smith & Lee LLP");
    expect(out).toContain(
      "    Value $800.00 · cost $25.00 · billed to clients $0.00 · value less cost $775.00",
    );
    // The chart cannot be shown in a terminal: its description is.
    expect(
      out.find((l) => l.startsWith("    Chart, last 12 weeks: Chart of the 12 weeks 2026-W38 to 2026-W49.")),
    ).toContain("W49 $800.00 against $25.00.");
    expect(out.join("\n")).not.toContain("Review exhibits");
    expect(await lines(".run digest")).toEqual([
      "Digest: nothing to post (the latest week's digest was already posted, or no channel was chosen with digest here).",
    ]);
    expect(await lines(".run reports")).toEqual([
      "Error: There is no job called reports.",
      "Usage: .run alerts | .run digest",
    ]);
  });
});
