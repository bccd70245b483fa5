import type { PlatformLimits } from "../../src/core.js";

/**
 * What one Teams Adaptive Card shows: text blocks clipped at 2,000 characters, at most 6 actions
 * (Teams drops the rest), facts limited only by the card's size (24 KB kept, 28 KB refused);
 * people mentioned as `<at>Name</at>` with an entity; about seven posts a second to a channel.
 * Loaded without botbuilder (the composition root reads it before deciding to load Teams).
 */
export const TEAMS_LIMITS: PlatformLimits = {
  maxTextChars: 2000,
  maxActions: 6,
  maxFields: 50,
  mention: (person) => `<at>${person.name ?? person.userId}</at>`,
  channelSpacingMs: 200,
};
