/**
 * Slack's text conventions. Slash command text arrives with `&`, `<` and `>` escaped; mrkdwn we
 * send must escape the same three, or a task title with "<" would turn into a broken link.
 */
export const decodeSlackText = (text: string): string =>
  text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/**
 * Cuts text to `max` characters, marking the cut. Never inside an escape (`&amp;`, `&lt;`,
 * `&gt;`: half of one would show as text, or turn what follows into one) nor between the two
 * halves of an emoji.
 */
export const clip = (text: string, max: number): string => {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - 1);
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp !== -1 && cut - amp < 5 && !text.slice(amp, cut).includes(";")) cut = amp;
  return `${text.slice(0, cut)}…`;
};
