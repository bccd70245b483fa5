/**
 * Markup = bill rate ÷ cost rate. ABA Formal Opinion 08-451 lets a firm bill outsourced work
 * above its cost, but not unreasonably; `firm set markup-limit:3` makes that a rule the core
 * enforces wherever a bill or cost rate is set (docs/figures.md).
 */

export interface Rates {
  name: string;
  costRate: number | null;
  billRate: number | null;
}

/** "3×", "2.5×". */
export const multiple = (n: number): string => `${Math.round(n * 100) / 100}×`;

/**
 * Why these rates break the limit, in words, or undefined when they keep it (or no limit is set,
 * or no bill rate is). A bill rate with no cost rate cannot be checked, so it is refused too.
 */
export const markupProblem = (r: Rates, limit: number | null): string | undefined => {
  if (limit === null || r.billRate === null) return undefined;
  const opinion = "ABA Formal Opinion 08-451";
  if (r.costRate === null || r.costRate <= 0) {
    return `${r.name} has no cost rate on file, so the markup of a bill rate of ${r.billRate.toFixed(2)} cannot be checked against the firm's limit of ${multiple(limit)} (${opinion}). Record their cost rate too, e.g. cost:25.`;
  }
  const ratio = r.billRate / r.costRate;
  // Compared in cents, so 75.00 against 25.00 at 3× is within the limit.
  if (Math.round(r.billRate * 100) <= Math.round(r.costRate * limit * 100)) return undefined;
  return `A bill rate of ${r.billRate.toFixed(2)} for ${r.name} is ${multiple(ratio)} their cost rate of ${r.costRate.toFixed(2)}, above the firm's markup limit of ${multiple(limit)} (${opinion}): at most ${(r.costRate * limit).toFixed(2)}.`;
};
