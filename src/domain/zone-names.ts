/**
 * How a zone is named in a reply: the way people say it. US readers say "EST" and "CDT", so an
 * abbreviation is used where English has one (EST, CDT, PST, AKST, HST, GMT, UTC); elsewhere
 * English has only an offset ("GMT+8"), which nobody says, so the zone's city is named instead:
 * "Manila time", "London time" (in summer; "GMT" in winter), "Kolkata time". See docs/time.md.
 */

/**
 * Zones whose IANA name changed with the city's spelling. Node's Intl canonicalizes to the old
 * spelling (Asia/Kolkata → Asia/Calcutta), and zones are stored as Intl spells them.
 */
const CITY_RENAMED: Readonly<Record<string, string>> = {
  "Asia/Calcutta": "Kolkata",
  "Asia/Saigon": "Ho Chi Minh City",
  "Asia/Katmandu": "Kathmandu",
  "Asia/Rangoon": "Yangon",
  "Europe/Kiev": "Kyiv",
  "America/Godthab": "Nuuk",
  "Atlantic/Faeroe": "Faroe",
  // IANA names are ASCII; the cities are spelled as their people spell them.
  "America/Bogota": "Bogotá",
  "America/Sao_Paulo": "São Paulo",
  "America/Asuncion": "Asunción",
  "America/Cancun": "Cancún",
  "America/Merida": "Mérida",
  "America/Mazatlan": "Mazatlán",
  "Europe/Zurich": "Zürich",
};

/** An English abbreviation people use (EST, CDT, GMT, AKST…), as opposed to "GMT+8". */
const SAYABLE = /^[A-Z]{2,5}$/;

const HOUR_MS = 3_600_000;
/** Hours remembered per zone before its memo starts afresh. */
const MAX_HOURS = 20_000;

/** Per zone: its formatter, and its abbreviation at the start of each hour asked about so far. */
const abbreviations = new Map<string, { format: Intl.DateTimeFormat; hourStarts: Map<number, string> }>();
const nameIn = (format: Intl.DateTimeFormat, instant: Date, zone: string): string =>
  format.formatToParts(instant).find((p) => p.type === "timeZoneName")?.value ?? zone;

/**
 * The zone's abbreviation at `instant` ("EST"), Intl's answer. A reply names a zone for every
 * time it shows (a list page: dozens), so the name is remembered per hour: when the hour's start
 * and the next hour's start have the same name, the whole hour has it (no zone renames itself
 * twice within an hour); in the hour of a change, Intl is asked.
 */
const shortName = (instant: Date, zone: string): string => {
  let known = abbreviations.get(zone);
  if (!known) {
    known = {
      format: new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" }),
      hourStarts: new Map(),
    };
    abbreviations.set(zone, known);
  }
  const ts = instant.getTime();
  if (!Number.isFinite(ts)) return nameIn(known.format, instant, zone);
  const { format, hourStarts } = known;
  const at = (hour: number): string => {
    let name = hourStarts.get(hour);
    if (name === undefined) {
      name = nameIn(format, new Date(hour * HOUR_MS), zone);
      if (hourStarts.size >= MAX_HOURS) hourStarts.clear();
      hourStarts.set(hour, name);
    }
    return name;
  };
  const hour = Math.floor(ts / HOUR_MS);
  const name = at(hour);
  return name === at(hour + 1) ? name : nameIn(format, instant, zone);
};

/** "Manila" for Asia/Manila, "Buenos Aires" for America/Argentina/Buenos_Aires; undefined for Etc/… and bare names. */
export const zoneCity = (zone: string): string | undefined => {
  const renamed = CITY_RENAMED[zone];
  if (renamed) return renamed;
  const parts = zone.split("/");
  if (parts.length < 2 || parts[0] === "Etc") return undefined;
  return parts.at(-1)?.replace(/_/g, " ");
};

/**
 * The zone's name at `instant` as a reader would say it: "EST", "CDT", "GMT", "UTC", else
 * "Manila time"; a zone with no city (Etc/GMT+5) keeps its offset ("GMT-5").
 */
export const zoneLabel = (zone: string, instant: Date): string => {
  const abbreviation = shortName(instant, zone);
  if (SAYABLE.test(abbreviation)) return abbreviation;
  const city = zoneCity(zone);
  return city ? `${city} time` : abbreviation;
};

/**
 * A zone as a place, for a sentence about where someone works rather than a time: "Manila",
 * "New York", "UTC"; a zone with no city keeps its name (Etc/GMT+5).
 */
export const zonePlace = (zone: string): string => {
  if (zone === "UTC" || zone === "Etc/UTC" || zone === "Etc/GMT" || zone === "GMT") return "UTC";
  return zoneCity(zone) ?? zone;
};

/** "Manila time", "UTC": the zone as people say it, whatever the season. */
export const zoneTime = (zone: string): string => {
  const place = zonePlace(zone);
  return place === "UTC" || place === zone ? place : `${place} time`;
};
