import { describe, expect, it } from "vitest";
import { renderMessage } from "../../adapters/slack/render-blocks.js";
import { MAX_CARD_BYTES } from "../../adapters/teams/card-elements.js";
import { renderCard } from "../../adapters/teams/card-render.js";
import { drawTrendChart } from "../../src/figures/trend-chart.js";
import type { View } from "../../src/views/view.js";

/** A digest as the core makes it, with its chart and one item per attorney of a large firm. */
const digest = async (attorneys: number): Promise<View> => ({
  tone: "info",
  title: "Weekly digest, 2026-W49 · Smith & Lee LLP",
  lines: ["Recovered: 11 h of attorney time over 4 approved tasks."],
  items: Array.from({ length: attorneys }, (_, i) => ({ text: `Attorney a${i}: 1 h recovered · 1 task` })),
  image: await drawTrendChart(
    Array.from({ length: 12 }, (_, i) => ({
      label: `2026-W${38 + i}`,
      recoveredMinutes: i * 60,
      money: { USD: { value: i * 30_000, cost: i * 2_000 } },
    })),
    "USD",
  ),
  audience: "channel",
});

describe("the digest's chart in Teams", () => {
  it("is an Adaptive Card image from a data URI, with its description as alt text", async () => {
    const view = await digest(2);
    const card = renderCard(view);
    const image = card.body.find((e) => e.type === "Image");
    expect(image).toEqual({
      type: "Image",
      url: `data:image/png;base64,${view.image?.pngBase64}`,
      altText: view.image?.alt,
      size: "Stretch",
    });
  });

  it("does not count the image against the card's size: rows are cut only for the text", async () => {
    const card = renderCard(await digest(150));
    const text = JSON.stringify(card, (k, v) => (k === "url" ? "" : v));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(card.body.some((e) => e.type === "Image")).toBe(true);
  });
});

describe("the digest in Slack", () => {
  it("keeps the same blocks, the chart going up as a file beside them", async () => {
    const view = await digest(2);
    const { blocks } = renderMessage(view);
    expect(blocks.some((b) => b.type === "image")).toBe(false);
    expect(JSON.stringify(blocks)).toContain("Attorney a1: 1 h recovered");
  });
});
