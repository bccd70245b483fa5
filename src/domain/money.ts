/**
 * Money is counted in whole cents (integers), so totals are exact and every export adds up to
 * what the digest said. Time is billed and costed in hundredths of an hour, as LEDES bills it
 * (docs/figures.md): 50 minutes is 0.83 h, and 0.83 h at 60.00 is 49.80.
 */

/** A rate (per hour, two decimals) in cents. */
export const rateCents = (rate: number): number => Math.round(rate * 100);

/** Minutes as hundredths of an hour: 50 → 83. */
export const hundredths = (minutes: number): number => Math.round((minutes * 100) / 60);

/** Cents for `minutes` at `rate` per hour, on hundredths of an hour. */
export const amountFor = (minutes: number, rate: number): number =>
  Math.round((hundredths(minutes) * rateCents(rate)) / 100);

/** Hundredths of an hour as hours: 83 → 0.83. */
export const hoursOf = (minutes: number): number => hundredths(minutes) / 100;

/** "12,345.60" (no currency): for CSV and LEDES, which carry the currency in a column of their own. */
export const plainAmount = (cents: number): string => (cents / 100).toFixed(2);

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * An amount as a reader expects it, with the firm's currency: "$3,800.00", "€1,200.00",
 * "₱950.00", "CA$12.00" (a symbol shared by several currencies carries its country).
 */
export const formatMoney = (cents: number, currency: string): string => {
  let f = formatters.get(currency);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { style: "currency", currency, currencyDisplay: "symbol" });
    formatters.set(currency, f);
  }
  return f.format(cents / 100);
};

/** Hours to show: "11 h", "2.5 h", "0.83 h". */
export const formatHours = (minutes: number): string => `${hoursOf(minutes)} h`;
