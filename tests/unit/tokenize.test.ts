import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/commands/tokenize.js";
import { DelegateError } from "../../src/domain/errors.js";

/** Tokens without `raw`, for compact expectations. */
const kinds = (line: string) =>
  tokenize(line).map((t) => {
    const { raw: _raw, ...rest } = t;
    return rest;
  });

describe("tokenize", () => {
  it("splits words on any whitespace, including non-breaking spaces", () => {
    expect(kinds("show  T-42\u00a0now\n")).toEqual([
      { kind: "word", text: "show" },
      { kind: "word", text: "T-42" },
      { kind: "word", text: "now" },
    ]);
  });

  it("reads straight and curly quoted strings", () => {
    expect(kinds('"a b" “c d” „e f“')).toEqual([
      { kind: "quoted", text: "a b" },
      { kind: "quoted", text: "c d" },
      { kind: "quoted", text: "e f" },
    ]);
  });

  it("keeps straight quotes inside curly quotes, and unescapes backslash quotes", () => {
    expect(kinds('“He said "hi"” "say \\"no\\"" "C:\\docs\\a.pdf" "back\\\\slash"')).toEqual([
      { kind: "quoted", text: 'He said "hi"' },
      { kind: "quoted", text: 'say "no"' },
      { kind: "quoted", text: "C:\\docs\\a.pdf" },
      { kind: "quoted", text: "back\\slash" },
    ]);
  });

  it('reads key:value and key:"quoted value" options with dotted and dashed keys', () => {
    expect(
      kinds('est.document_review:3h nda-expires:2027-01-15 firm:"Smith & Lee" due:“fri 5pm” TZ:UTC'),
    ).toEqual([
      { kind: "option", key: "est.document_review", value: "3h", quoted: false },
      { kind: "option", key: "nda-expires", value: "2027-01-15", quoted: false },
      { kind: "option", key: "firm", value: "Smith & Lee", quoted: true },
      { kind: "option", key: "due", value: "fri 5pm", quoted: true },
      { kind: "option", key: "tz", value: "UTC", quoted: false },
    ]);
  });

  it("splits an option value at the first colon only", () => {
    expect(kinds("hours:09:00-18:00")).toEqual([
      { kind: "option", key: "hours", value: "09:00-18:00", quoted: false },
    ]);
  });

  it("does not mistake URLs, times or paths for options", () => {
    expect(kinds("https://x.example/a?b=c mailto:a@b.com 10:30 C:\\docs foo://bar")).toEqual([
      { kind: "word", text: "https://x.example/a?b=c" },
      { kind: "word", text: "mailto:a@b.com" },
      { kind: "word", text: "10:30" },
      { kind: "word", text: "C:\\docs" },
      { kind: "word", text: "foo://bar" },
    ]);
  });

  it("reads Slack mentions with and without a name", () => {
    expect(kinds("<@U123> <@W9|maria>")).toEqual([
      { kind: "mention", user: { id: "U123" } },
      { kind: "mention", user: { id: "W9", name: "maria" } },
    ]);
  });

  it("unwraps Slack links to the address", () => {
    expect(kinds("<https://docs.example.com/x|docs.example.com/x> <mailto:a@b.com|a@b.com>")).toEqual([
      { kind: "word", text: "https://docs.example.com/x" },
      { kind: "word", text: "a@b.com" },
    ]);
  });

  it("knows no platform's mention markup but the one form: Teams' <at> is rewritten by its adapter", () => {
    expect(kinds("<at>Maria</at>").some((t) => t.kind === "mention")).toBe(false);
  });

  it('reads console @name and @"quoted name" mentions; a lone @ is a word', () => {
    expect(kinds('@maria @"Maria Santos" @')).toEqual([
      { kind: "mention", user: { name: "maria" } },
      { kind: "mention", user: { name: "Maria Santos" } },
      { kind: "word", text: "@" },
    ]);
  });

  it("keeps a < that opens no Slack sequence as a word", () => {
    expect(kinds("<5 pages>")).toEqual([
      { kind: "word", text: "<5" },
      { kind: "word", text: "pages>" },
    ]);
  });

  it("records the raw source of each token", () => {
    expect(tokenize('notes:"a b" <@U1|m>').map((t) => t.raw)).toEqual(['notes:"a b"', "<@U1|m>"]);
  });

  it("ends a quoted token at its closing quote even without a space", () => {
    expect(kinds('"title"matter:M-1')).toEqual([
      { kind: "quoted", text: "title" },
      { kind: "option", key: "matter", value: "M-1", quoted: false },
    ]);
  });

  it.each(['say "hello', 'notes:"open', "“curly", '@"x'])("rejects unterminated %s", (line) => {
    let caught: unknown;
    try {
      tokenize(line);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DelegateError);
    expect((caught as DelegateError).code).toBe("usage");
  });

  it("returns nothing for blank input", () => {
    expect(tokenize("  \t ")).toEqual([]);
  });
});
