import type { Category } from "./vocabulary.js";

/**
 * UTBMS codes (the ABA's Uniform Task-Based Management System, litigation code set) that a task
 * type carries in LEDES exports by default; a firm changes a task code with
 * `firm set utbms.document_review:L320`. The table is in docs/figures.md; keep the two, and the
 * backfill in migrations/0018_frozen_figures_protect.sql, the same.
 */
export const DEFAULT_TASK_CODES: Readonly<Record<Category, string>> = {
  intake: "L110", // Fact investigation/development
  document_review: "L320", // Document production
  legal_research: "L120", // Analysis/strategy
  drafting: "L250", // Other written motions and submissions
  scheduling: "L190", // Other case assessment, development and administration
  filing: "L440", // Other trial preparation and support
  case_management: "L140", // Document/file management
  other: "L190",
};

/** UTBMS activity codes (A101–A111) per task type. */
export const ACTIVITY_CODES: Readonly<Record<Category, string>> = {
  intake: "A106", // Communicate (with client)
  document_review: "A104", // Review/analyze
  legal_research: "A102", // Research
  drafting: "A103", // Draft/revise
  scheduling: "A111", // Other
  filing: "A111",
  case_management: "A110", // Manage data/files
  other: "A111",
};

export const utbmsTaskCode = (firm: { utbmsCodes: Record<string, string> }, category: Category): string =>
  firm.utbmsCodes[category] ?? DEFAULT_TASK_CODES[category];
