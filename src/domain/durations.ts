/**
 * Durations as people type them ("3h", "2.5h", "90m", "1h30m", "45min") and as we
 * show them back ("2.5h", "45m"). Stored everywhere as whole minutes.
 */

/** 1000 hours: far above any real task, low enough to catch a typo like "300000m". */
export const MAX_DURATION_MINUTES = 1000 * 60;

const HOURS = "(?:h|hr|hrs|hour|hours)";
const MINUTES = "(?:m|min|mins|minute|minutes)";
// Digits are capped in length so a pasted 400-digit number is rejected without float surprises.
const NUM = "(\\d{1,7}(?:\\.\\d{1,4})?)";
const INT = "(\\d{1,7})";

const HOURS_ONLY = new RegExp(`^${NUM}\\s*${HOURS}$`);
const MINUTES_ONLY = new RegExp(`^${INT}\\s*${MINUTES}$`);
const HOURS_AND_MINUTES = new RegExp(`^${INT}\\s*${HOURS}\\s*${INT}\\s*${MINUTES}$`);

/**
 * Minutes in `text`, or undefined when it is not a duration we accept: a positive
 * whole number of minutes (fractional hours are rounded to the nearest minute), at most
 * 1000 hours.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  let minutes: number | undefined;
  const hm = HOURS_AND_MINUTES.exec(t);
  const h = HOURS_ONLY.exec(t);
  const m = MINUTES_ONLY.exec(t);
  if (hm?.[1] !== undefined && hm[2] !== undefined) {
    minutes = Number(hm[1]) * 60 + Number(hm[2]);
  } else if (h?.[1] !== undefined) {
    minutes = Math.round(Number(h[1]) * 60);
  } else if (m?.[1] !== undefined) {
    minutes = Number(m[1]);
  }
  if (minutes === undefined || !Number.isSafeInteger(minutes)) return undefined;
  if (minutes <= 0 || minutes > MAX_DURATION_MINUTES) return undefined;
  return minutes;
}

/**
 * "45m", "3h", "2.5h", "2.25h", "1h20m": decimal hours when they read cleanly (tenths or
 * quarters), hours and minutes otherwise. The output parses back with parseDuration.
 */
export function formatMinutes(minutes: number): string {
  const whole = Math.round(minutes);
  if (whole < 0) return `-${formatMinutes(-whole)}`;
  if (whole < 60) return `${whole}m`;
  if (whole % 6 === 0 || whole % 15 === 0) {
    // Round to two decimals to avoid 2.4999999 style artefacts, then drop trailing zeros.
    return `${Number((whole / 60).toFixed(2))}h`;
  }
  return `${Math.floor(whole / 60)}h${whole % 60}m`;
}
