import { beforeEach, describe, expect, it } from "vitest";
import { createHarness, type Harness, rowCounts, seedFirm } from "../support/core-harness.js";

/** `firm set markup-limit:3` (ABA Formal Opinion 08-451) against the bill rates of `team add/set … bill:`. */
describe("markup limit", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
  });

  const refusedWithoutChange = async (user: string, text: string): Promise<string> => {
    const before = await rowCounts(h.database);
    const [people] = await h.database.query<{ rates: string }>(
      "select string_agg(coalesce(cost_rate::text, '-') || '/' || coalesce(bill_rate::text, '-'), ',' order by display_name) as rates from people",
    );
    const [firm] = await h.database.query<{ limit: string | null }>(
      'select markup_limit::text as "limit" from firms',
    );
    const v = await h.say(user, text);
    expect(v.tone).toBe("error");
    expect(await rowCounts(h.database)).toEqual(before);
    const [peopleAfter] = await h.database.query<{ rates: string }>(
      "select string_agg(coalesce(cost_rate::text, '-') || '/' || coalesce(bill_rate::text, '-'), ',' order by display_name) as rates from people",
    );
    const [firmAfter] = await h.database.query<{ limit: string | null }>(
      'select markup_limit::text as "limit" from firms',
    );
    expect(peopleAfter).toEqual(people);
    expect(firmAfter).toEqual(firm);
    return v.lines.join("\n");
  };

  it("refuses a bill rate above the limit on team set and team add, naming the multiple and the opinion", async () => {
    expect((await h.say("alice", "firm set markup-limit:3")).lines).toContain(
      "Bill rates may now be at most 3× a professional's cost rate (ABA Formal Opinion 08-451).",
    );
    expect(await refusedWithoutChange("alice", "team set @maria bill:100")).toBe(
      "A bill rate of 100.00 for maria is 4× their cost rate of 25.00, above the firm's markup limit of 3× (ABA Formal Opinion 08-451): at most 75.00.",
    );
    expect(await refusedWithoutChange("alice", "team add @kim role:professional cost:20 bill:70")).toContain(
      "is 3.5× their cost rate of 20.00",
    );
    expect(await refusedWithoutChange("alice", "team add @lee role:professional bill:70")).toContain(
      "no cost rate on file",
    );
    // Lowering the cost under an existing bill rate breaks the limit too.
    expect((await h.say("alice", "team set @maria bill:75")).tone).toBe("success");
    expect(await refusedWithoutChange("alice", "team set @maria cost:20")).toContain("3.75×");
    expect((await h.say("alice", "team add @kim role:professional cost:20 bill:60")).tone).toBe("success");
  });

  it("is not set while bill rates on file break it: the admin is told whose, and how to fix them", async () => {
    await h.say("alice", "team set @maria bill:100");
    await h.say("alice", "team set @dev bill:95");
    const refusal = await refusedWithoutChange("alice", "firm set markup-limit:3");
    expect(refusal.split("\n")).toEqual([
      "The markup limit of 3× is not set: 2 bill rates on file are above it.",
      "A bill rate of 95.00 for dev is 3.17× their cost rate of 30.00, above the firm's markup limit of 3× (ABA Formal Opinion 08-451): at most 90.00.",
      "A bill rate of 100.00 for maria is 4× their cost rate of 25.00, above the firm's markup limit of 3× (ABA Formal Opinion 08-451): at most 75.00.",
      "Change those rates first (team set @user bill:… or cost:…), then set the limit.",
    ]);
    expect((await h.say("alice", "firm set markup-limit:4")).tone).toBe("success");
    expect((await h.say("alice", "firm set markup-limit:none")).lines).toContain(
      "No markup limit: bill rates are no longer checked against cost rates.",
    );
  });

  it("records the firm's currency and UTBMS codes, and says what they change", async () => {
    const v = await h.say("alice", "firm set currency:eur utbms.document_review:L330");
    expect(v.lines).toEqual([
      "Firm settings updated: currency EUR; UTBMS codes: document review L330.",
      "Amounts are shown in EUR from now on. Work approved before stays in USD, as it was approved: nothing is converted.",
      "LEDES exports of work approved from now on carry L330 for document review; work already approved keeps its codes.",
    ]);
    const [firm] = await h.database.query<{ currency: string; codes: Record<string, string> }>(
      "select currency, utbms_codes as codes from firms",
    );
    expect(firm).toEqual({ currency: "EUR", codes: { document_review: "L330" } });
  });
});
