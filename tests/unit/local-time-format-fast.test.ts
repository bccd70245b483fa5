import fc from "fast-check";
import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { formatLocal, formatNearLocal } from "../../src/domain/local-time-format.js";
import { zoneLabel } from "../../src/domain/zone-names.js";

/*
 * Times are spelled from remembered offsets and abbreviations rather than by Intl on every call
 * (docs/performance.md). Intl itself is the reference here: same words, every zone, any instant.
 */

const refParts = (instant: Date, zone: string) => {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "numeric",
    minute: "2-digit",
    hour12: true,
  });
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of f.formatToParts(instant)) parts[p.type] = p.value;
  return parts;
};
const refShortName = (instant: Date, zone: string) =>
  new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" })
    .formatToParts(instant)
    .find((p) => p.type === "timeZoneName")?.value ?? zone;

const ZONES = [...Intl.supportedValuesOf("timeZone"), "UTC", "utc", "Etc/GMT+5", "US/Eastern"];

/** Any instant 1800-2150, or one within two hours of an offset change of a year 1990-2060. */
const instantIn = (zone: string) =>
  fc.oneof(
    fc.integer({ min: Date.UTC(1800, 0, 1), max: Date.UTC(2150, 0, 1) }).map((t) => new Date(t)),
    fc
      .tuple(fc.integer({ min: 1990, max: 2060 }), fc.integer({ min: -120, max: 120 }), fc.boolean())
      .map(([year, minutes, secondHalf]) => {
        const z = IANAZone.create(zone);
        let a = Date.UTC(year, secondHalf ? 6 : 0, 1);
        let b = Date.UTC(year, secondHalf ? 12 : 6, 1);
        if (z.isValid && z.offset(a) !== z.offset(b)) {
          while (b - a > 1000) {
            const m = Math.floor((a + b) / 2);
            if (z.offset(m) === z.offset(a)) a = m;
            else b = m;
          }
        }
        return new Date(b + minutes * 60_000 + (minutes % 7) * 1000);
      }),
  );

const caseArb = fc
  .constantFrom(...ZONES)
  .chain((zone) => fc.record({ zone: fc.constant(zone), instant: instantIn(zone), now: instantIn(zone) }));

describe("times spelled without asking Intl every time", { timeout: 120_000 }, () => {
  it("names the zone as Intl does", () => {
    fc.assert(
      fc.property(caseArb, ({ zone, instant }) => {
        const abbreviation = refShortName(instant, zone);
        const label = zoneLabel(zone, instant);
        // zoneLabel keeps a sayable abbreviation, else says the city: either way it starts from Intl's.
        if (/^[A-Z]{2,5}$/.test(abbreviation)) expect(label).toBe(abbreviation);
        else expect(label === abbreviation || label.endsWith(" time")).toBe(true);
        // Twice: the second answer comes from the memo.
        expect(zoneLabel(zone, instant)).toBe(label);
      }),
      { numRuns: 3000 },
    );
  });

  it("spells a time as Intl does", () => {
    fc.assert(
      fc.property(caseArb, ({ zone, instant }) => {
        const p = refParts(instant, zone);
        expect(formatLocal(instant, zone)).toBe(
          `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.dayPeriod} ${zoneLabel(zone, instant)}`,
        );
      }),
      { numRuns: 3000 },
    );
  });

  it("spells a time near now as Intl's parts say", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.integer({ min: -8 * 86_400_000, max: 8 * 86_400_000 }),
        ({ zone, now }, ahead) => {
          const instant = new Date(now.getTime() + ahead);
          const p = refParts(instant, zone);
          const today = refParts(now, zone);
          const time = `${p.hour}:${p.minute} ${p.dayPeriod} ${zoneLabel(zone, instant)}`;
          const sameDay =
            p.day === today.day &&
            p.month === today.month &&
            p.year === today.year &&
            Math.abs(ahead) < 86_400_000;
          const expected = sameDay
            ? time
            : ahead > 0 && ahead < 6 * 86_400_000
              ? `${p.weekday} ${time}`
              : formatLocal(instant, zone);
          expect(formatNearLocal(instant, zone, now)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("still refuses a zone Intl does not know", () => {
    expect(() => formatLocal(new Date(), "Not/AZone")).toThrow(RangeError);
    expect(() => zoneLabel("Not/AZone", new Date())).toThrow(RangeError);
  });
});
