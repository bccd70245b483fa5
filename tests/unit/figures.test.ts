import { describe, expect, it } from "vitest";
import { type FrozenTask, periodFigures, taskAmounts } from "../../src/domain/figures.js";
import { markupProblem } from "../../src/domain/markup.js";
import { amountFor, formatHours, formatMoney, hundredths } from "../../src/domain/money.js";
import { csvCell, csvFile } from "../../src/figures/export/csv.js";

const task = (over: Partial<FrozenTask> = {}): FrozenTask => ({
  taskId: "t1",
  number: 1,
  matterNumber: "M-1",
  category: "document_review",
  supervisorId: "bob",
  supervisorName: "bob",
  assigneeId: "maria",
  assigneeName: "maria",
  assigneeProvider: "Acme LPO",
  assignedAt: new Date("2026-12-01T00:00:00Z"),
  approvedAt: new Date("2026-12-02T00:00:00Z"),
  savedMinutes: 180,
  reviewMinutes: 0,
  valueRate: 400,
  billMode: "rate",
  currency: "USD",
  committedDueAt: new Date("2026-12-03T00:00:00Z"),
  submittedAt: new Date("2026-12-01T12:00:00Z"),
  onTime: true,
  rounds: 1,
  reworkReasons: {},
  utbmsTask: "L320",
  utbmsActivity: "A104",
  time: [
    {
      personId: "maria",
      name: "maria",
      role: "professional",
      provider: "Acme LPO",
      minutes: 120,
      costRate: 25,
      billRate: 60,
    },
  ],
  ...over,
});

describe("money", () => {
  it("bills and costs time in hundredths of an hour, in whole cents", () => {
    expect(hundredths(50)).toBe(83);
    expect(amountFor(50, 60)).toBe(4980);
    expect(amountFor(120, 25)).toBe(5000);
    expect(amountFor(1, 0.01)).toBe(0);
    expect(formatHours(90)).toBe("1.5 h");
  });

  it("shows amounts with the firm's currency", () => {
    expect(formatMoney(380000, "USD")).toBe("$3,800.00");
    expect(formatMoney(120050, "EUR")).toBe("€1,200.50");
    expect(formatMoney(1200, "CAD")).toBe("CA$12.00");
    expect(formatMoney(500000, "JPY")).toBe("¥5,000");
  });
});

describe("a task's figures", () => {
  it("recovers the hours saved less review time, never below zero, at the value rate", () => {
    expect(taskAmounts(task({ reviewMinutes: 45 }))).toMatchObject({ recoveredMinutes: 135, value: 90000 });
    expect(taskAmounts(task({ reviewMinutes: 600 }))).toMatchObject({ recoveredMinutes: 0, value: 0 });
  });

  it("bills each logger by the matter's billing mode and costs them at their own rate", () => {
    const time = [
      {
        personId: "m",
        name: "maria",
        role: "professional" as const,
        provider: "Acme LPO",
        minutes: 120,
        costRate: 25,
        billRate: 60,
      },
      {
        personId: "d",
        name: "dev",
        role: "professional" as const,
        provider: "Andes Legal",
        minutes: 60,
        costRate: 30,
        billRate: 75,
      },
    ];
    expect(taskAmounts(task({ time, billMode: "rate" }))).toMatchObject({
      cost: 8000,
      billed: 19500,
      loggedMinutes: 180,
    });
    expect(taskAmounts(task({ time, billMode: "cost" }))).toMatchObject({ cost: 8000, billed: 8000 });
    expect(taskAmounts(task({ time, billMode: "none" }))).toMatchObject({ cost: 8000, billed: 0 });
    expect(taskAmounts(task({ time }))).toMatchObject({ value: 120000, net: 112000 });
  });
});

describe("a period's figures", () => {
  it("flags missing time and missing rates instead of counting them as zero", () => {
    const f = periodFigures([
      task({ number: 3, time: [] }),
      task({
        number: 5,
        time: [
          {
            personId: "s",
            name: "sam",
            role: "professional",
            provider: null,
            minutes: 60,
            costRate: null,
            billRate: null,
          },
        ],
      }),
    ]);
    expect(f.flags).toEqual([
      { kind: "no_time", tasks: [{ task: 3, matter: "M-1" }] },
      { kind: "no_cost_rate", person: "sam", tasks: [{ task: 5, matter: "M-1" }] },
      { kind: "no_bill_rate", person: "sam", tasks: [{ task: 5, matter: "M-1" }] },
    ]);
  });

  it("keeps each provider's own time and money, and the median turnaround", () => {
    const f = periodFigures([
      task({ number: 1, approvedAt: new Date("2026-12-01T10:00:00Z") }),
      task({
        number: 2,
        approvedAt: new Date("2026-12-01T20:00:00Z"),
        rounds: 2,
        onTime: false,
        reworkReasons: { citation: 1 },
      }),
      task({ number: 3, approvedAt: new Date("2026-12-03T00:00:00Z") }),
    ]);
    expect(f.medianTurnaroundHours).toBe(20);
    expect(f.reworkByReason).toEqual([{ reason: "citation", count: 1 }]);
    expect(f.byProvider).toHaveLength(1);
    expect(f.byProvider[0]).toMatchObject({
      provider: "Acme LPO",
      tasks: 3,
      firstPass: 2,
      onTime: 2,
      loggedMinutes: 360,
    });
    expect(f.byProvider[0]?.money.USD).toMatchObject({ cost: 15000, billed: 36000 });
  });

  it("never adds amounts across currencies", () => {
    const f = periodFigures([task({ number: 1 }), task({ number: 2, currency: "EUR" })]);
    expect(Object.keys(f.firm.money).sort()).toEqual(["EUR", "USD"]);
    expect(f.firm.money.EUR?.value).toBe(120000);
  });
});

describe("markup limit (ABA Formal Opinion 08-451)", () => {
  it("refuses a bill rate above the limit, naming the multiple and the opinion", () => {
    expect(markupProblem({ name: "maria", costRate: 25, billRate: 75 }, 3)).toBeUndefined();
    expect(markupProblem({ name: "maria", costRate: 25, billRate: 100 }, 3)).toBe(
      "A bill rate of 100.00 for maria is 4× their cost rate of 25.00, above the firm's markup limit of 3× (ABA Formal Opinion 08-451): at most 75.00.",
    );
    expect(markupProblem({ name: "maria", costRate: null, billRate: 60 }, 3)).toContain(
      "no cost rate on file",
    );
    expect(markupProblem({ name: "maria", costRate: 25, billRate: 1000 }, null)).toBeUndefined();
  });
});

describe("CSV", () => {
  it("quotes as RFC 4180 says and neutralises spreadsheet formulas", () => {
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(12.5)).toBe("12.5");
    expect(csvFile(["a", "b"], [["1", "2"]])).toBe("a,b\r\n1,2\r\n");
  });
});
