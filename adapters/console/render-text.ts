import type { View, ViewAction } from "../../src/core.js";

/** The typed command a button stands for: the console has no buttons, so it shows what to type. */
export const typedEquivalent = (a: ViewAction): string => {
  const ref = `T-${a.task}`;
  switch (a.action) {
    case "changes":
      return `changes ${ref} "what to fix"`;
    case "ask":
      return `ask ${ref} "question"`;
    default:
      return `${a.action} ${ref}`;
  }
};

/**
 * Control characters typed into a field (an escape sequence that recolours, hides or clears the
 * terminal; a carriage return that overwrites the line) are shown, not obeyed: C0 controls as their
 * Unicode control pictures (␛ for ESC), other controls as U+FFFD. Tabs stay.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/g;
const visible = (line: string): string =>
  line.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : code === 0x7f ? "\u2421" : "\uFFFD";
  });

/** Paragraphs may hold line breaks (help groups); each becomes its own output line. */
const splitLines = (text: string): string[] => text.split(/\r?\n/);

/**
 * A view as plain text lines: title, paragraphs, `  Label: value` fields, `  • item` rows,
 * a `  → …` hint with the commands its buttons stand for, `More: list mine page:2` for the next
 * page of a long list, and for errors `Error: …` then `Usage: …`.
 */
export const renderText = (view: View): string[] => {
  const out: string[] = [];
  if (view.title) out.push(...splitLines(view.title));
  view.lines.forEach((line, i) => {
    const text = view.tone === "error" && i === 0 ? `Error: ${line}` : line;
    out.push(...splitLines(text));
  });
  if (view.tone === "error" && view.lines.length === 0) out.push("Error");
  // A terminal shows no pictures: the chart's own description stands in for it.
  if (view.image) out.push(`Chart, ${view.image.title.toLowerCase()}: ${view.image.alt}`);
  for (const f of view.fields ?? []) out.push(`  ${f.label}: ${f.value}`);
  for (const item of view.items ?? []) {
    const [first = "", ...rest] = splitLines(item.text);
    out.push(`  • ${first}`, ...rest.map((r) => `    ${r}`));
  }
  if (view.actions && view.actions.length > 0) {
    // One hint per distinct command: two buttons for one action and task print once.
    const typed = [...new Set(view.actions.map(typedEquivalent))];
    out.push(`  → ${typed.join(" · ")}`);
  }
  // The console has no buttons: the next page is the command to type.
  if (view.more) out.push(`${view.more.label}: ${view.more.command}`);
  if (view.usage) out.push(`Usage: ${view.usage}`);
  return out.map(visible);
};
