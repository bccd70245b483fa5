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

/** Paragraphs may hold line breaks (help groups); each becomes its own output line. */
const splitLines = (text: string): string[] => text.split(/\r?\n/);

/**
 * A view as plain text lines: title, paragraphs, `  Label: value` fields, `  • item` rows,
 * a `  → …` hint with the commands its buttons stand for, and for errors `Error: …` then `Usage: …`.
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
  if (view.usage) out.push(`Usage: ${view.usage}`);
  return out;
};
