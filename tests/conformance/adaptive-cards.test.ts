import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { assignFormCard } from "../../adapters/teams/assign-form.js";
import type { AdaptiveCard } from "../../adapters/teams/card-elements.js";
import { cardMessage, renderCard, summaryOf } from "../../adapters/teams/card-render.js";
import { adaptiveCardSchema, schemaErrors } from "../support/schemas.js";
import { type Gallery, viewGallery } from "../support/view-gallery.js";

/*
 * Every Adaptive Card the app can produce (each view kind from the real core, the assign form
 * blank and refused) against the official Adaptive Card 1.5 schema, and parsed by Microsoft's
 * `adaptivecards` SDK with Teams' host configuration: no parse warnings, no validation failures
 * (e.g. RequiredInputsShouldHaveErrorMessage).
 */
// The package's ES build imports without file extensions; its UMD bundle loads in Node as is.
const AC = createRequire(import.meta.url)(
  "adaptivecards/dist/adaptivecards.js",
) as typeof import("adaptivecards");
const teamsHostConfig = new AC.HostConfig(
  JSON.parse(
    readFileSync(new URL("../fixtures/schemas/teams-host-config-light.json", import.meta.url), "utf8"),
  ),
);

/**
 * The card as the Adaptive Card schema sees it. Teams' own extensions, documented by Teams and
 * outside the 1.5 schema, are set aside here: `msteams` (card width) and the people picker (an
 * Input.ChoiceSet with `choices.data` from Teams' Graph dataset, `style: "filtered"` and no
 * static choices). Everything else must be schema-valid as is.
 */
const withoutTeamsExtensions = (card: AdaptiveCard): unknown =>
  JSON.parse(JSON.stringify(card), (key, value) => {
    if (key === "msteams") return undefined;
    if (typeof value === "object" && value !== null && "choices.data" in value) {
      const { "choices.data": _graph, style: _filtered, ...input } = value;
      return input;
    }
    return value;
  });

/** The SDK knows no dynamic choices: an empty static list is expected on the people picker only. */
const isPeoplePicker = (source: unknown): boolean =>
  source instanceof AC.ChoiceSetInput && source.id === "user" && source.choices.length === 0;

/** What the SDK says about a card: parse events and validation failures, as text. */
const sdkProblems = (card: AdaptiveCard): string[] => {
  const parsed = new AC.AdaptiveCard();
  parsed.hostConfig = teamsHostConfig;
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`parse ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents) {
    if (e.event === AC.ValidationEvent.CollectionCantBeEmpty && isPeoplePicker(e.source)) continue;
    problems.push(`validate ${AC.ValidationEvent[e.event]}: ${e.message}`);
  }
  return problems;
};

describe("every Adaptive Card against the 1.5 schema and the adaptivecards SDK (Teams host config)", () => {
  let gallery: Gallery;
  let validate: ValidateFunction;
  const cards: { name: string; card: AdaptiveCard }[] = [];

  beforeAll(async () => {
    gallery = await viewGallery();
    validate = adaptiveCardSchema();
    for (const { name, view } of gallery.views) {
      cards.push({ name, card: renderCard(view, { refreshFor: ["29:1someUserFakeId"] }) });
      // Proactive deliveries wrap the same card in a message activity.
      const message = cardMessage(renderCard(view), summaryOf(view));
      cards.push({ name: `${name} (delivered)`, card: message.attachments[0]?.content as AdaptiveCard });
    }
    cards.push({ name: "assign form", card: assignFormCard() });
    const refusal = gallery.views.find((v) => v.name === "assign form with field errors")?.view;
    if (!refusal) throw new Error("the gallery has no refused form");
    cards.push({ name: "assign form, refused", card: assignFormCard({ values: { title: "x" }, refusal }) });
  }, 300_000);

  it("covers every kind of view", () => {
    expect(cards.length).toBeGreaterThan(100);
    const kinds = new Set(gallery.views.map((v) => v.name.split(" ")[1]));
    for (const kind of ["task.assigned", "alert.overdue", "digest.weekly"]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it("each is valid against the Adaptive Card 1.5 schema", () => {
    const invalid = cards.filter(({ card }) => !validate(withoutTeamsExtensions(card)));
    const first = invalid[0];
    if (first) validate(withoutTeamsExtensions(first.card));
    expect(
      invalid.map((c) => c.name),
      first ? schemaErrors(validate) : "",
    ).toEqual([]);
  });

  it("each parses with the adaptivecards SDK under Teams' host configuration, without warnings", () => {
    const problems = cards.flatMap(({ name, card }) => sdkProblems(card).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("the checks can fail: a required input without an error message, an unknown element", () => {
    const bad: AdaptiveCard = {
      type: "AdaptiveCard",
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      version: "1.5",
      body: [{ type: "Input.Text", id: "x", label: "X", isRequired: true }, { type: "Marquee" }],
    };
    expect(sdkProblems(bad).join("\n")).toContain("RequiredInputsShouldHaveErrorMessage");
    expect(validate(bad)).toBe(false);
  });
});
