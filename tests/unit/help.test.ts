import { describe, expect, it } from "vitest";
import { HELP_GROUPS, helpView, START_HERE } from "../../src/commands/help.js";
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

describe("help says where to start and what each option means", () => {
  it("help alone says where each role starts, with the commands to type", () => {
    const lines = helpView().lines;
    expect(lines.slice(0, 4)).toEqual([...START_HERE]);
    for (const [role, first] of [
      ["Admins", "setup firm:"],
      ["Attorneys", "assign @name"],
      ["Professionals", "list"],
    ] as const) {
      const line = lines.find((l) => l.startsWith(`${role} start here: `));
      expect(line, role).toContain(first);
    }
  });

  it.each(keys)("help %s explains each option in a sentence with an example", (key) => {
    const options = USAGE[key].options;
    expect(options, `${key} has no option explanations`).toBeDefined();
    const fields = helpView(key).fields ?? [];
    const keysOf = Object.keys(options ?? {});
    expect(fields.map((f) => f.label)).toEqual(keysOf.map((k) => k.replace(/:$/, "")));
    for (const [i, { value }] of fields.entries()) {
      const label = keysOf[i] ?? "";
      // One sentence, then the example after a colon; an option's example uses the option.
      expect(value, `${key} ${label}`).toMatch(/^[A-Z(a-z@"].*: .+$/s);
      expect(value.split(/(?<=[.!?])\s+(?=[A-Z])/).length, `${key} ${label}: ${value}`).toBeLessThanOrEqual(
        2,
      );
      if (label.endsWith(":") && !label.includes("<")) expect(value, `${key} ${label}`).toContain(label);
    }
  });

  it.each([
    ["team add", "rate:", "billing rate"],
    ["team add", "cost:", "costs the firm"],
    ["team add", "email:", "e-mail"],
    ["team add", "bill:", "client is billed"],
    ["assign", "est:", "attorney time this saves you"],
  ])("help %s says what %s means", (key, option, words) => {
    const field = helpView(key).fields?.find((f) => `${f.label}:` === option);
    expect(field?.value).toContain(words);
  });
});
