/**
 * Text PostgreSQL cannot store. A NUL character is refused in every text value (and in jsonb). An
 * unpaired UTF-16 surrogate (half of an emoji, as some clients send after cutting a string) is
 * refused in jsonb and silently turned into U+FFFD in text columns: either way the person's words
 * would not be kept as written. Typed free text with either is refused with a message naming the
 * field; text a platform sends about a person (display names, conversation data) is repaired.
 */

const NUL = String.fromCharCode(0);
/** Without the u flag the pattern sees UTF-16 code units, so it can find the unpaired halves. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

export type Unstorable = "nul" | "broken";

export const unstorable = (s: string): Unstorable | undefined =>
  s.includes(NUL) ? "nul" : LONE_SURROGATE.test(s) ? "broken" : undefined;

/** The reply for free text the database could not keep, naming the field ("title", "notes"…). */
export const unstorableMessage = (label: string, problem: Unstorable): string =>
  problem === "nul"
    ? `The ${label} contains an invisible NUL character, which cannot be saved. Retype it without that character.`
    : `The ${label} contains a broken character (half of an emoji or symbol), which cannot be saved. Retype it.`;

/** NUL characters dropped, unpaired surrogates replaced by U+FFFD (the replacement character). */
export const repairText = (s: string): string =>
  unstorable(s) === undefined ? s : s.split(NUL).join("").replace(LONE_SURROGATES, "\uFFFD");

/** repairText over every string (keys too) of a JSON-like value, e.g. a platform's conversation data. */
export const repairDeep = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") return repairText(value);
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => repairDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [repairText(k), repairDeep(v, depth + 1)]));
};

/** The first string anywhere in `value` the database could not keep, if any. */
export const findUnstorable = (value: unknown, depth = 0): Unstorable | undefined => {
  if (typeof value === "string") return unstorable(value);
  if (depth > 10 || value === null || typeof value !== "object") return undefined;
  for (const v of Object.values(value)) {
    const found = findUnstorable(v, depth + 1);
    if (found) return found;
  }
  return undefined;
};
