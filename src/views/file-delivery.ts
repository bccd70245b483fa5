import type { Platform } from "../domain/vocabulary.js";

/**
 * SEAM for file delivery (packets and exports): the platforms whose adapter can hand a file
 * privately to the person who asked. The console writes it under EXPORT_DIR. Slack (files:write,
 * upload into the app's direct message) and Teams (file consent card in the personal chat) join
 * when the adapter contract's file delivery lands; until then a file asked for there is refused
 * before anything is read or recorded.
 */
export const FILE_DELIVERY: readonly Platform[] = ["console"];
