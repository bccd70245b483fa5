import { describe, expect, it } from "vitest";
import { listWords, plural, sentence, sentences } from "../../src/views/words.js";

describe("words for replies", () => {
  it.each([
    [0, "person", "0 people"],
    [1, "person", "1 person"],
    [2, "person", "2 people"],
    [1, "task", "1 task"],
    [3, "task", "3 tasks"],
    [2, "earlier entry", "2 earlier entries"],
    [1, "attempt", "1 attempt"],
    [2, "court day", "2 court days"],
    [1200, "event", "1,200 events"],
  ])("plural(%i, %s) is %s", (n, word, expected) => {
    expect(plural(n, word)).toBe(expected);
  });

  it("ends a sentence once", () => {
    expect(sentence("I don't know @nobody at Harper, Quinn & Co.")).toBe(
      "I don't know @nobody at Harper, Quinn & Co.",
    );
    expect(sentence("This workspace already belongs to Smith & Lee LLP")).toBe(
      "This workspace already belongs to Smith & Lee LLP.",
    );
    expect(sentence('He said "stop."')).toBe('He said "stop."');
    expect(sentence("Really?")).toBe("Really?");
  });

  it("joins sentences with one full stop between them", () => {
    expect(sentences("bob cancelled T-2", "Reason: Client withdrew", "No further work is needed")).toBe(
      "bob cancelled T-2. Reason: Client withdrew. No further work is needed.",
    );
    expect(
      sentences("bob cancelled T-2", "Reason: Client withdrew.", undefined, "No further work is needed."),
    ).toBe("bob cancelled T-2. Reason: Client withdrew. No further work is needed.");
    expect(listWords(["T-1", "T-2", "T-3"])).toBe("T-1, T-2 and T-3");
  });
});
