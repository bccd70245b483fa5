import { describe, expect, it } from "vitest";
import { workDaysWords } from "../../src/domain/working-hours.js";
import { zoneLabel, zonePlace, zoneTime } from "../../src/domain/zone-names.js";

describe("zones as people say them", () => {
  it.each([
    ["Asia/Manila", "Manila", "Manila time"],
    ["America/Chicago", "Chicago", "Chicago time"],
    ["America/Bogota", "Bogotá", "Bogotá time"],
    ["America/Argentina/Buenos_Aires", "Buenos Aires", "Buenos Aires time"],
    ["Asia/Calcutta", "Kolkata", "Kolkata time"],
    ["UTC", "UTC", "UTC"],
    ["Etc/GMT+5", "Etc/GMT+5", "Etc/GMT+5"],
  ])("%s is %s, %s", (zone, place, time) => {
    expect(zonePlace(zone)).toBe(place);
    expect(zoneTime(zone)).toBe(time);
  });

  it("never shows an offset like GMT+8 for a zone with a city", () => {
    const winter = new Date("2026-12-01T12:00:00Z");
    const summer = new Date("2026-07-01T12:00:00Z");
    for (const zone of Intl.supportedValuesOf("timeZone").filter(
      (z) => z.includes("/") && !z.startsWith("Etc/"),
    )) {
      for (const at of [winter, summer]) expect(zoneLabel(zone, at), zone).not.toMatch(/GMT[+-]|UTC[+-]/);
    }
  });
});

describe("working days in words", () => {
  it.each([
    [["mon", "tue", "wed", "thu", "fri"], "Monday to Friday"],
    [["sun", "mon", "tue", "wed", "thu"], "Sunday to Thursday"],
    [["mon", "wed", "fri"], "Monday, Wednesday and Friday"],
    [["sat", "sun"], "Saturday and Sunday"],
    [["tue"], "Tuesday"],
    [["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "every day"],
    [[], "no day"],
  ])("%j is %s", (days, words) => {
    expect(workDaysWords(days)).toBe(words);
  });
});
