import { describe, expect, it } from "vitest";
import { renderText, typedEquivalent } from "../../adapters/console/render-text.js";
import type { View } from "../../src/views/view.js";

describe("renderText", () => {
  it("renders title, lines, fields, items and the typed equivalents of the buttons", () => {
    const view: View = {
      tone: "info",
      title: "T-4 · Review exhibits",
      lines: ["Flag privileged pages."],
      fields: [
        { label: "Matter", value: "M-2024-118" },
        { label: "Status", value: "Submitted for review" },
      ],
      items: [{ text: "T-4 · M-2024-118 · Review exhibits", task: 4 }],
      actions: [
        { action: "approve", task: 4, version: 3, label: "Approve" },
        { action: "changes", task: 4, version: 3, label: "Request changes" },
      ],
      audience: "private",
    };
    expect(renderText(view)).toEqual([
      "T-4 · Review exhibits",
      "Flag privileged pages.",
      "  Matter: M-2024-118",
      "  Status: Submitted for review",
      "  • T-4 · M-2024-118 · Review exhibits",
      '  → approve T-4 · changes T-4 "what to fix"',
    ]);
  });

  it("renders an error as Error: then Usage:", () => {
    const view: View = {
      tone: "error",
      lines: ["sam has no NDA on file."],
      usage: 'assign @user "title" matter:M-2024-118 due:"fri 5pm"',
      audience: "private",
    };
    expect(renderText(view)).toEqual([
      "Error: sam has no NDA on file.",
      'Usage: assign @user "title" matter:M-2024-118 due:"fri 5pm"',
    ]);
  });

  it("splits paragraphs holding line breaks and indents the rest of a multi-line item", () => {
    const view: View = {
      tone: "success",
      lines: ["Your work\nlist — List tasks."],
      items: [{ text: "first\nsecond" }],
      audience: "private",
    };
    expect(renderText(view)).toEqual(["Your work", "list — List tasks.", "  • first", "    second"]);
  });

  it("prints each typed command once, and nothing for a view without actions", () => {
    expect(typedEquivalent({ action: "start", task: 7, version: 1, label: "Start" })).toBe("start T-7");
    expect(typedEquivalent({ action: "submit", task: 7, version: 1, label: "Submit" })).toBe("submit T-7");
    const twice: View = {
      tone: "info",
      lines: [],
      actions: [
        { action: "start", task: 7, version: 1, label: "Start" },
        { action: "start", task: 7, version: 1, label: "Start" },
        { action: "submit", task: 7, version: 1, label: "Submit" },
      ],
      audience: "private",
    };
    expect(renderText(twice)).toEqual(["  → start T-7 · submit T-7"]);
    expect(renderText({ tone: "info", lines: ["ok"], audience: "private" })).toEqual(["ok"]);
  });
});
