import { describe, expect, it } from "vitest";
import { drawTrendChart, trendChartAlt } from "../../src/figures/trend-chart.js";
import type { TrendWeek } from "../../src/services/digest-figures.js";

const weeks = (
  f: (i: number) => { recoveredMinutes: number; value: number; cost: number },
  currency = "USD",
): TrendWeek[] =>
  Array.from({ length: 12 }, (_, i) => {
    const { recoveredMinutes, value, cost } = f(i);
    return {
      label: `2026-W${String(38 + i).padStart(2, "0")}`,
      recoveredMinutes,
      money: { [currency]: { value, cost } },
    };
  });

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
const pngSize = (png: Buffer): { width: number; height: number } => {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
};

describe("the digest's trend chart", () => {
  it("is a PNG that decodes to the size it claims, small enough for Slack and Teams", async () => {
    const image = await drawTrendChart(
      weeks((i) => ({ recoveredMinutes: i * 90, value: i * 45_000, cost: i * 3_000 })),
      "USD",
    );
    const png = Buffer.from(image.pngBase64, "base64");
    expect(pngSize(png)).toEqual({ width: image.width, height: image.height });
    // Teams shows images up to 1024 × 1024; well under a megabyte, and a few dozen KB in the outbox.
    expect(image.width).toBeGreaterThanOrEqual(600);
    expect(image.width).toBeLessThanOrEqual(1024);
    expect(image.height).toBeLessThanOrEqual(1024);
    expect(png.length).toBeGreaterThan(5_000);
    expect(png.length).toBeLessThan(150_000);
  });

  it("draws a firm's first weeks, all zero, too", async () => {
    const image = await drawTrendChart(
      weeks(() => ({ recoveredMinutes: 0, value: 0, cost: 0 })).map((w) => ({ ...w, money: {} })),
      "EUR",
    );
    expect(pngSize(Buffer.from(image.pngBase64, "base64")).width).toBe(image.width);
  });

  it("says in words what it shows, week by week, with the currency", () => {
    const alt = trendChartAlt(
      weeks((i) => ({
        recoveredMinutes: i === 11 ? 660 : 0,
        value: i === 11 ? 380_000 : 0,
        cost: i === 11 ? 12_000 : 0,
      })),
      "USD",
    );
    expect(alt).toMatch(
      /^Chart of the 12 weeks 2026-W38 to 2026-W49\. Bars, attorney hours recovered: W38 0 h, /,
    );
    expect(alt).toContain("W49 11 h.");
    expect(alt).toContain("W49 $3,800.00 against $120.00.");
    // Slack takes at most 1,000 characters of description.
    expect(alt.length).toBeLessThan(1000);
  });

  it("leaves out, and says so, weeks approved in another currency than the firm's now", () => {
    const trend = weeks((i) => ({ recoveredMinutes: 60, value: i * 100, cost: 0 }));
    const changed = trend.map((w, i) => (i === 11 ? { ...w, money: { EUR: { value: 500, cost: 0 } } } : w));
    const alt = trendChartAlt(changed, "EUR");
    expect(alt).toContain("W48 in another currency, not shown, W49 €5.00 against €0.00.");
  });
});
