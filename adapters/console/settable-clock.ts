import type { Clock } from "../../src/core.js";

/**
 * The console's clock: real time until `.clock` pins it to an instant, where it stays
 * (frozen, so scripted checks give the same answers every run) until `.clock now`.
 */
export interface SettableClock extends Clock {
  /** Pin the clock to `instant`; `undefined` returns to real time. */
  set(instant: Date | undefined): void;
  /** The pinned instant, or undefined when the clock follows real time. */
  pinned(): Date | undefined;
}

export const createSettableClock = (real: () => Date = () => new Date()): SettableClock => {
  let fixed: Date | undefined;
  return {
    now: () => (fixed ? new Date(fixed.getTime()) : real()),
    set: (instant) => {
      fixed = instant ? new Date(instant.getTime()) : undefined;
    },
    pinned: () => (fixed ? new Date(fixed.getTime()) : undefined),
  };
};
