import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";
import { USAGE } from "../../src/commands/usage.js";
import { parseRefusal } from "../support/parse-refusal.js";

describe("hints for what people type", () => {
  it.each([
    ["team remove @x", "@x"],
    ["team delete tom", "@tom"],
    ['team remove @"Mary Ann"', '@"Mary Ann"'],
    ["team remove <@U123|maria>", "<@U123|maria>"],
    ["team deactivate", "@name"],
  ])("%s suggests switching them off with team set", (line, who) => {
    const e = parseRefusal(line);
    expect(e.message).toBe(
      `Nobody is removed from the team (their history stays); to switch someone off: team set ${who} active:no`,
    );
    expect(e.usage).toBe(USAGE["team set"].usage);
  });

  it("matter remove points to matter unstaff", () => {
    const e = parseRefusal("matter remove M-1 @maria");
    expect(e.message).toBe("To end someone's access to a matter: matter unstaff M-… @name");
    expect(e.usage).toBe(USAGE["matter unstaff"].usage);
  });

  it("a 5,000-character assign says it is too long, with the usage of assign", () => {
    const e = parseRefusal(`assign @maria "${"x".repeat(5000)}" matter:M-1 due:"fri 5pm"`);
    expect(e.message).toBe(
      "That command is too long (over 4000 characters). Put long instructions in a document and give its link.",
    );
    expect(e.usage).toBe(USAGE.assign.usage);
  });

  it('reads due: "fri 5pm" with a space after the colon', () => {
    expect(parseCommand('assign @maria "Review" matter:M-1 due: "fri 5pm"')).toMatchObject({
      name: "assign",
      due: { kind: "time", text: "fri 5pm" },
    });
    expect(parseCommand('due T-4 "fri 5pm"')).toMatchObject({ name: "due", task: 4 });
  });
});
