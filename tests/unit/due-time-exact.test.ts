import { describe, expect, it } from "vitest";
import { resolveDueTime } from "../../src/domain/due-time.js";
import { DelegateError } from "../../src/domain/errors.js";

/*
 * "YYYY-MM-DD HH:MM" is read without chrono (src/domain/due-time.ts, exactWallTime). The same
 * text after "on" still goes through chrono, with the same meaning: the two must agree on every
 * date, hour and zone, DST gaps and repeats, impossible dates and the past included.
 */
const ZONES = [
  "America/New_York",
  "Asia/Manila",
  "Europe/London",
  "Australia/Lord_Howe",
  "UTC",
  "Asia/Kolkata",
];
const NOWS = ["2026-12-01T15:00:00Z", "2026-03-08T06:30:00Z", "2026-10-31T23:59:00Z"].map((s) => new Date(s));

const outcome = (text: string, now: Date, zone: string): string => {
  try {
    return resolveDueTime(text, { now, zone }).toISOString();
  } catch (e) {
    if (e instanceof DelegateError) return `refused: ${JSON.stringify(e.fields)}`;
    throw e;
  }
};

const pad = (n: number) => String(n).padStart(2, "0");

/** A small deterministic generator, so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

describe("an exact wall time read without chrono", () => {
  it("agrees with chrono's reading of the same text", () => {
    const next = random(17);
    const texts = [
      "2027-03-14 02:30",
      "2026-11-01 01:30",
      "2027-02-29 10:00",
      "2028-02-29 10:00",
      "2026-04-31 09:00",
      "2026-12-01 05:00",
      "2026-12-01 00:00",
      "2026-12-01 23:59",
      "2026-12-01 12:00",
      "2025-06-01 10:00",
    ];
    for (let i = 0; i < 400; i++) {
      const y = 2025 + Math.floor(next() * 4);
      const mo = 1 + Math.floor(next() * 12);
      const d = 1 + Math.floor(next() * 31);
      const h = Math.floor(next() * 24);
      const mi = Math.floor(next() * 60);
      texts.push(`${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}`);
    }
    let compared = 0;
    for (const text of texts) {
      for (const zone of ZONES) {
        for (const now of NOWS) {
          expect(outcome(text, now, zone), `${text} in ${zone} at ${now.toISOString()}`).toBe(
            outcome(`on ${text}`, now, zone),
          );
          compared++;
        }
      }
    }
    expect(compared).toBe(texts.length * ZONES.length * NOWS.length);
  });
});
