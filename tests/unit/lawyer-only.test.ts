import { describe, expect, it } from "vitest";
import { DEFAULT_LAWYER_ONLY_PHRASES, findLawyerOnlyPhrase } from "../../src/domain/lawyer-only.js";

const found = (text: string, phrases: readonly string[] = DEFAULT_LAWYER_ONLY_PHRASES) =>
  findLawyerOnlyPhrase(text, phrases);

describe("lawyer-only phrases", () => {
  it("finds the work a lawyer must do in the built-in list", () => {
    expect(found("Call Mr. Delgado and advise him whether to accept the 85k settlement offer")).toBe(
      "advise him",
    );
    expect(found("Give the client legal advice on the lease")).toBe("legal advice");
    expect(found("Please ADVISE   the\nclient about the deadline")).toBe("advise the client");
    expect(found("Appear in court for the status conference")).toBe("appear in court");
    expect(found("Negotiate the settlement with opposing counsel")).toBe("negotiate the settlement");
    expect(found("Sign the complaint and file it")).toBe("sign the complaint");
    // Both parts of a combined phrase, anywhere and in any order.
    expect(found("Review the settlement offer and advise Ms. Park")).toBe("advise+settlement offer");
  });

  it("leaves ordinary support work alone", () => {
    for (const text of [
      "Index the exhibits and advise me when done",
      "Please advise when the production arrives",
      "Summarise the settlement offer letters received so far",
      "Cite-check the brief",
      "Draft talking points for the call with Mr. Delgado",
      "Get the client to sign the engagement letter",
      "Check whether he advised himself of the deadline",
      "Schedule the deposition of Dr. Ruiz",
    ]) {
      expect(found(text), text).toBeUndefined();
    }
  });

  it("matches whole words only", () => {
    expect(found("advise himself")).toBeUndefined();
    expect(found("readvise her")).toBeUndefined();
    expect(found("advise her.")).toBe("advise her");
  });

  it("uses the firm's own list when it has one; an empty list refuses nothing", () => {
    expect(found("advise him", ["draft the will"])).toBeUndefined();
    expect(found("Draft the will for Mrs. Lee", ["draft the will"])).toBe("draft the will");
    expect(found("Give legal advice", [])).toBeUndefined();
  });
});
