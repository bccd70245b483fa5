import type { Category } from "./vocabulary.js";

/**
 * Attorney minutes a task type saves when the assigning attorney gave no `est:` and the
 * firm set no default of its own (`firm set est.document_review:3h`).
 */
export const BUILT_IN_ESTIMATES: Readonly<Record<Category, number>> = {
  intake: 60,
  document_review: 180,
  legal_research: 240,
  drafting: 180,
  scheduling: 30,
  filing: 60,
  case_management: 60,
  other: 60,
};

/** The attorney minutes a task saves: `est:`, else the firm's default for its type, else the built-in one. */
export const estimateFor = (
  firm: { estimateDefaults: Record<string, number> },
  category: Category,
  est?: number | null,
): number => est ?? firm.estimateDefaults[category] ?? BUILT_IN_ESTIMATES[category];
