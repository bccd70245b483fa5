/**
 * Small helpers for replies read aloud: counts with the right noun, and sentences joined
 * with exactly one full stop between them.
 */

const IRREGULAR: Readonly<Record<string, string>> = {
  person: "people",
  entry: "entries",
  day: "days",
  court_day: "court days",
};

/** The plural of an English noun as replies use them ("task" → "tasks", "person" → "people"). */
export const pluralOf = (word: string): string => {
  const irregular = IRREGULAR[word];
  if (irregular) return irregular;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
};

/** "1 person", "3 people", "0 tasks"; `many` when the plural is not the usual one. */
export const plural = (n: number, word: string, many?: string): string =>
  `${n.toLocaleString("en-US")} ${n === 1 || n === -1 ? word : (many ?? pluralOf(word))}`;

/** Ends a sentence once: "Harper, Quinn & Co." stays as it is, "Client withdrew" gets its full stop. */
export const sentence = (text: string): string => {
  const t = text.trimEnd();
  if (t === "") return t;
  return /[.!?…]["”')\]]*$/.test(t) ? t : `${t}.`;
};

/** Sentences one after another, each ended once: "Client withdrew. No further work is needed." */
export const sentences = (...parts: (string | undefined | false)[]): string =>
  parts
    .filter((p): p is string => typeof p === "string" && p.trim() !== "")
    .map(sentence)
    .join(" ");

/** "a, b and c". */
export const listWords = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
