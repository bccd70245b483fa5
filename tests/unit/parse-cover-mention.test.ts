import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/commands/parse.js";

describe("away with mentions as option values", () => {
  it("reads cover:<@id|name> with or without a space after the colon (Teams pads mentions)", () => {
    const expected = {
      name: "away",
      user: { id: "U1", name: "bob" },
      until: "2026-12-20",
      cover: { id: "U2", name: "Kim Lee" },
    };
    expect(parseCommand("away <@U1|bob> until:2026-12-20 cover:<@U2|Kim Lee>")).toEqual(expected);
    expect(parseCommand("away <@U1|bob> until:2026-12-20 cover: <@U2|Kim Lee>")).toEqual(expected);
    expect(() => parseCommand("away <@U1|bob> until:2026-12-20 cover: kim")).toThrow();
  });
});
