import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMinutes, parseDuration } from "../../src/domain/durations.js";

describe("parseDuration", () => {
  it.each([
    ["3h", 180],
    ["2.5h", 150],
    ["90m", 90],
    ["1h30m", 90],
    ["1h 30min", 90],
    ["45min", 45],
    ["2 hours", 120],
    ["0.1h", 6],
    ["1000h", 60000],
    ["3H", 180],
  ])("%s → %d", (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });

  it.each([
    "",
    "3",
    "h",
    "0h",
    "0m",
    "-1h",
    "1000.1h",
    "60001m",
    "1e3h",
    "3d",
    "1h90",
    "Infinityh",
    "0.001h",
  ])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("formatMinutes", () => {
  it.each([
    [150, "2.5h"],
    [45, "45m"],
    [180, "3h"],
    [135, "2.25h"],
    [66, "1.1h"],
    [80, "1h20m"],
    [0, "0m"],
    [-90, "-1.5h"],
  ])("%d → %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it("round-trips through parseDuration", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60000 }), (m) => {
        expect(parseDuration(formatMinutes(m))).toBe(m);
      }),
      { numRuns: 2000 },
    );
  });
});
