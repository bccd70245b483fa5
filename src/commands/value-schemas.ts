import { z } from "zod";
import { preview } from "./tokenize.js";

/*
 * How a command's value schemas are made (parse-values.ts, parse-calendar-values.ts): each takes
 * the raw string as typed and yields the typed value or an issue whose message is the whole
 * one-line reply.
 */

/** A value as quoted back in a reply, shortened. */
export const q = (s: string): string => `"${preview(s)}"`;

/** A schema from a converter that returns undefined for bad input. */
export function convert<T>(fn: (s: string) => T | undefined, explain: (s: string) => string) {
  return z.string().transform((s, ctx): T => {
    const value = fn(s.trim());
    if (value === undefined) {
      ctx.addIssue({ code: "custom", message: explain(s) });
      return z.NEVER;
    }
    return value;
  });
}

/** Schemas made once per label (and bound), not on every command: zod's schema building showed in profiles (docs/performance.md). */
export const perLabel = <A extends (string | number)[], S>(make: (...args: A) => S): ((...args: A) => S) => {
  const made = new Map<string, S>();
  return (...args) => {
    const key = args.join("\u0000");
    let schema = made.get(key);
    if (schema === undefined) {
      schema = make(...args);
      // Labels come from the code, a few dozen; the bound only guards against a mistake.
      if (made.size >= 1000) made.clear();
      made.set(key, schema);
    }
    return schema;
  };
};

export const oneOf = <T extends string>(words: readonly T[], s: string): T | undefined => {
  // People type document-review or Document_Review; the stored form is document_review.
  const norm = s.toLowerCase().replace(/-/g, "_");
  return words.find((w) => w === norm);
};
