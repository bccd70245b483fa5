import { expect } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import { type UsageKey, usageOf } from "../../src/commands/usage.js";
import { DelegateError } from "../../src/domain/errors.js";

/** The DelegateError the parser refuses `line` with; anything else, or no refusal, fails the test. */
export const parseRefusal = (line: string): DelegateError => {
  try {
    parseCommand(line);
  } catch (e) {
    if (e instanceof DelegateError) return e;
    throw e;
  }
  throw new Error(`expected "${line}" to be rejected`);
};

/** Asserts a one-line usage error carrying the usage of `key` and mentioning `fragment`. */
export const expectUsageError = (line: string, key: UsageKey, fragment: string): void => {
  const e = parseRefusal(line);
  expect(e.code).toBe("usage");
  expect(e.message).not.toMatch(/[\r\n]/);
  expect(e.message).toContain(fragment);
  expect(e.usage).toBe(usageOf(key));
};
