/**
 * Slack's text conventions. Slash command text arrives with `&`, `<` and `>` escaped; mrkdwn we
 * send must escape the same three, or a task title with "<" would turn into a broken link.
 */
export const decodeSlackText = (text: string): string =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Cuts text to `max` characters, marking the cut. */
export const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
