import { readFileSync } from "node:fs";

/**
 * Recorded platform payloads (tests/fixtures/, sources in tests/fixtures/README.md), read as
 * they were recorded and adapted at replay time: only ids and URLs are swapped for the test's
 * own (workspace, users, the fake platform's URLs), so a fixture file stays what was recorded.
 */
export type Json = Record<string, unknown>;

export const fixture = (path: string): Json =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8")) as Json;

/** `value` with every occurrence of each recorded id (longest first) replaced by the test's. */
export const withIds = <T>(value: T, ids: Record<string, string>): T => {
  let text = JSON.stringify(value);
  for (const [from, to] of Object.entries(ids).sort((a, b) => b[0].length - a[0].length)) {
    text = text.split(from).join(to);
  }
  return JSON.parse(text) as T;
};

/** A Slack interaction payload as Slack posts it: form-encoded, the JSON in `payload`. */
export const interactionForm = (payload: Json): string =>
  new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** A slash command as Slack posts it: every field form-encoded. */
export const commandForm = (fields: Json): string =>
  new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
