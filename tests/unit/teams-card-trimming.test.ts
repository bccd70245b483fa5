import { describe, expect, it } from "vitest";
import { MAX_CARD_BYTES } from "../../adapters/teams/card-elements.js";
import { renderCard } from "../../adapters/teams/card-render.js";
import type { View } from "../../src/views/view.js";
import { adaptiveCardSchema, schemaErrors } from "../support/schemas.js";

/*
 * Teams refuses an Adaptive Card much over ~28 KB (docs/teams.md, "Cards"). A long list is
 * trimmed from its end until the card fits, and the card says how many rows it left out.
 */
const TEAMS_LIMIT = 28 * 1024;
const MORE = /^…and (\d+) more not shown here\.$/;

const listView = (count: number, length: number): View => ({
  tone: "info",
  title: "Open tasks",
  lines: ["Everything open at Smith & Lee LLP."],
  items: Array.from({ length: count }, (_, i) => ({
    text: `T-${i + 1} · ${"Review the deposition exhibits and the privilege log ".repeat(40)}`.slice(
      0,
      length,
    ),
  })),
  audience: "private",
});

/** Rows of the card's list container, in order. */
const rows = (card: ReturnType<typeof renderCard>): string[] => {
  const list = card.body.find((e) => e.type === "Container") as { items: { text: string }[] } | undefined;
  return (list?.items ?? []).map((i) => i.text);
};

/** The card as Teams counts it: JSON bytes, base64 images left out. */
const bytes = (card: unknown): number =>
  Buffer.byteLength(
    JSON.stringify(card, (key, value) =>
      key === "url" && typeof value === "string" && value.startsWith("data:") ? "" : value,
    ),
  );

describe("Adaptive Card trimming near Teams' size limit", () => {
  const validate = adaptiveCardSchema();

  it("a list of very long rows is cut to fit, first rows kept, and says how many it left out", () => {
    const view = listView(300, 1_900);
    const card = renderCard(view);
    expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(bytes(card)).toBeLessThan(TEAMS_LIMIT);
    const shown = rows(card);
    const last = shown.at(-1) ?? "";
    const left = Number(MORE.exec(last)?.[1]);
    expect(left).toBeGreaterThan(0);
    // Nothing silently lost: the rows shown plus the rows counted are all the rows.
    expect(shown.length - 1 + left).toBe(300);
    expect(shown.slice(0, -1)).toEqual(view.items?.slice(0, shown.length - 1).map((i) => i.text));
    // Still a valid card (Teams' own `msteams` width extension aside, as the 1.5 schema knows it not).
    const { msteams: _width, ...asSchemaSeesIt } = card;
    expect(validate(asSchemaSeesIt), schemaErrors(validate)).toBe(true);
  });

  it("at the edge: the longest list that fits is sent whole; one row more is trimmed and says so", () => {
    let fits = 0;
    for (let n = 1; n < 200; n++) {
      if (rows(renderCard(listView(n, 1_000))).some((r) => MORE.test(r))) break;
      fits = n;
    }
    expect(fits).toBeGreaterThan(5);
    const whole = renderCard(listView(fits, 1_000));
    expect(rows(whole)).toHaveLength(fits);
    // Whole, and near the limit: within one row of it.
    expect(bytes(whole)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(bytes(whole)).toBeGreaterThan(MAX_CARD_BYTES - 1_100);

    const over = renderCard(listView(fits + 1, 1_000));
    const shown = rows(over);
    expect(bytes(over)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(shown.length - 1 + Number(MORE.exec(shown.at(-1) ?? "")?.[1])).toBe(fits + 1);
  });

  it("the digest's chart (a data URI) does not count: a card with a large chart is not trimmed", () => {
    const view: View = {
      ...listView(10, 200),
      image: {
        title: "Trend",
        alt: "Hours per week",
        width: 800,
        height: 400,
        pngBase64: "iVBORw0KGgo".padEnd(120_000, "A"),
      },
    };
    const card = renderCard(view);
    expect(rows(card)).toHaveLength(10);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeGreaterThan(TEAMS_LIMIT);
    expect(bytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });
});
