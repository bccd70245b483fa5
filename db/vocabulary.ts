/** The fixed words of the grammar (docs/commands.md), shared by the parser, the schema and the views. */
export const ROLES = ["admin", "attorney", "professional"] as const;
export type Role = (typeof ROLES)[number];

export const CATEGORIES = [
  "intake",
  "document_review",
  "legal_research",
  "drafting",
  "scheduling",
  "filing",
  "case_management",
  "other",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DELIVERY_MODELS = ["onshore", "nearshore", "offshore"] as const;
export type DeliveryModel = (typeof DELIVERY_MODELS)[number];

export const STATUSES = [
  "assigned",
  "in_progress",
  "submitted",
  "changes_requested",
  "approved",
  "cancelled",
] as const;
export type TaskStatus = (typeof STATUSES)[number];

export const DEFECT_REASONS = [
  "citation",
  "missed_issue",
  "formatting",
  "privilege",
  "incomplete",
  "other",
] as const;
export type DefectReason = (typeof DEFECT_REASONS)[number];

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** How professionals' time on a matter is billed: at their bill rate, at cost, or not at all. */
export const BILL_MODES = ["rate", "cost", "none"] as const;
export type BillMode = (typeof BILL_MODES)[number];

/** Public holidays that are not court days: `us-federal` (5 U.S.C. 6103, with observed days) or none. */
export const HOLIDAY_CALENDARS = ["us-federal", "none"] as const;
export type HolidayCalendar = (typeof HOLIDAY_CALENDARS)[number];

/** Why a professional's access to a matter ended. */
export const STAFFING_END_REASONS = ["unstaffed", "reassigned", "nda_expired", "deactivated"] as const;
export type StaffingEndReason = (typeof STAFFING_END_REASONS)[number];

/**
 * Why a notification was dropped at delivery: its recipient is inactive, or (for a message that
 * carries task text) their NDA is not in force, they no longer hold the task, are no longer
 * staffed on its matter, or no longer supervise or cover it.
 */
export const DROP_REASONS = ["inactive", "nda", "not_assignee", "not_staffed", "not_supervising"] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** The chat platforms Delegate ships adapters for. */
export const PLATFORMS = ["slack", "teams", "console"] as const;
/**
 * A chat platform's name, as speakers, identities and channels carry it: the name its adapter is
 * registered under (src/adapter-contract.ts), so a new platform needs no change here.
 */
export type Platform = string;
/** What a platform's name may look like (the database checks the same shape). */
export const PLATFORM_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/** Actions a button may carry; each is also a typed command word. */
export const BUTTON_ACTIONS = ["ack", "start", "ask", "submit", "approve", "changes"] as const;
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];
