import type { PlatformLimits } from "../../src/core.js";

/**
 * What one Slack message can show (Block Kit): 3,000 characters of section text, 25 buttons in an
 * actions block, 10 fields in a section; members mentioned as `<@U123>`; about one post a second
 * to a channel. Loaded without Bolt (the composition root reads it before deciding to load Slack).
 */
export const SLACK_LIMITS: PlatformLimits = {
  maxTextChars: 3000,
  maxActions: 25,
  maxFields: 10,
  mention: (person) => `<@${person.userId}>`,
  channelSpacingMs: 1_100,
};
