import type { Platform } from "../domain/vocabulary.js";

/**
 * SEAM for file delivery (packets and exports): the platforms whose adapter can hand a file
 * privately to the person who asked. The console writes it under EXPORT_DIR; Slack uploads it
 * into the app's direct message with them (docs/slack.md, "Files"); Teams offers it with a file
 * consent card in their personal chat (docs/teams.md, "Files"). A platform not listed here is
 * refused before anything is read or recorded.
 */
export const FILE_DELIVERY: readonly Platform[] = ["console", "slack", "teams"];
