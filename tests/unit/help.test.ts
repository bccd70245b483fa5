import { describe, expect, it } from "vitest";
import { HELP_GROUPS, helpView } from "../../src/commands/help.js";
import { USAGE, type UsageKey } from "../../src/commands/usage.js";

const keys = Object.keys(USAGE) as UsageKey[];

describe("helpView", () => {
  it("lists every command with its summary, privately", () => {
    const view = helpView();
    expect(view.tone).toBe("info");
    expect(view.audience).toBe("private");
    const text = view.lines.join("\n");
    for (const key of keys) expect(text).toContain(`${key} — ${USAGE[key].summary}`);
  });

  it("puts every command in exactly one group", () => {
    const grouped = HELP_GROUPS.flatMap((g) => g.keys);
    expect([...grouped].sort()).toEqual([...keys].sort());
  });

  it.each(keys)("shows the usage and summary of %s", (key) => {
    const view = helpView(key);
    expect(view.tone).toBe("info");
    expect(view.audience).toBe("private");
    expect(view.title).toBe(`Help: ${key}`);
    expect(view.lines).toHaveLength(1);
    expect(view.lines[0]).toContain(USAGE[key].usage);
    expect(view.lines[0]).toContain(USAGE[key].summary);
  });

  it("accepts any case and extra spaces", () => {
    expect(helpView("  Team   ADD ").lines[0]).toContain(USAGE["team add"].usage);
  });

  it("shows a whole family for its first word", () => {
    const view = helpView("team");
    expect(view.lines).toHaveLength(3);
    expect(view.lines.join("\n")).toContain(USAGE["team list"].usage);
  });

  it("says so for an unknown topic", () => {
    const view = helpView("frobnicate");
    expect(view.tone).toBe("error");
    expect(view.audience).toBe("private");
    expect(view.lines).toEqual(['There is no command "frobnicate". Type help to see all commands.']);
    expect(view.usage).toBe(USAGE.help.usage);
  });
});
