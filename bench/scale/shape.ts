/** How big the seeded world is. The full shape is the issue's; quick is small enough for CI. */
export interface Shape {
  firms: number;
  totalTasks: number;
  /** Firm 1: a large firm with a year of history. */
  largeTasks: number;
  largeOpen: number;
  largeAttorneys: number;
  largeProfessionals: number;
  largeMatters: number;
  attorneys: number;
  professionals: number;
  matters: number;
}

export const FULL_SHAPE: Shape = {
  firms: 2_000,
  totalTasks: 1_000_000,
  largeTasks: 100_000,
  largeOpen: 50_000,
  largeAttorneys: 20,
  largeProfessionals: 60,
  largeMatters: 500,
  attorneys: 3,
  professionals: 6,
  matters: 10,
};

export const QUICK_SHAPE: Shape = {
  firms: 40,
  totalTasks: 20_000,
  largeTasks: 10_000,
  largeOpen: 5_000,
  largeAttorneys: 5,
  largeProfessionals: 10,
  largeMatters: 50,
  attorneys: 3,
  professionals: 6,
  matters: 10,
};

/**
 * Seeded rows get ids computed from small integers, so every statement can point at a firm,
 * person or matter by arithmetic instead of joining: kind 1 firm, 2 person, 3 matter.
 */
export const benchUuid = (kind: number, a: number, b: number): string =>
  `${kind.toString(16).padStart(8, "0")}-0000-4000-8000-${a.toString(16).padStart(6, "0")}${b.toString(16).padStart(6, "0")}`;

/** Slack workspace and user ids of seeded firms and people (what the chat benches speak as). */
export const slackTeamId = (firm: number): string => `TB${firm}`;
export const slackUserId = (firm: number, k: number): string => `UB${firm}X${k}`;
/** Teams tenant and user (aadObjectId-like) ids. */
export const teamsTenantId = (firm: number): string => benchUuid(9, firm, 0);
export const teamsUserId = (firm: number, k: number): string => `29:bench-${firm}-${k}`;

/** Person k of a firm: 0 admin, 1..A attorneys, then professionals. */
export const attorneysOf = (s: Shape, firm: number): number => (firm === 1 ? s.largeAttorneys : s.attorneys);
export const professionalsOf = (s: Shape, firm: number): number =>
  firm === 1 ? s.largeProfessionals : s.professionals;
/** A firm that is neither the large one nor tiny: the chat benches use it for typical reads. */
export const TYPICAL_FIRM = 2;
