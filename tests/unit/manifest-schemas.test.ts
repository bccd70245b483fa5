import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildTeamsPackage } from "../../adapters/teams/package/build-package.js";
import { schemaErrors, slackManifestSchema, teamsManifestSchema } from "../support/schemas.js";
import { unzip } from "../support/unzip.js";

/*
 * Both app manifests against their platform's published schema (tests/fixtures/schemas): the
 * Slack manifest (manifest.json) and the Teams app manifest as shipped and as packaged.
 */
const read = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));

describe("app manifests against the platforms' schemas", () => {
  it("manifest.json is a valid Slack app manifest", () => {
    const validate = slackManifestSchema();
    expect(validate(read("manifest.json")), schemaErrors(validate)).toBe(true);
  });

  it("the bot's display name uses only what Slack allows", () => {
    // https://docs.slack.dev/reference/app-manifest (features.bot_user.display_name): lowercase
    // letters, digits, hyphens, underscores and periods; at most 80 characters.
    const manifest = read("manifest.json") as { features: { bot_user: { display_name: string } } };
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
  });

  it("the Teams app manifest is valid against the v1.17 schema, as shipped and as packaged", () => {
    const validate = teamsManifestSchema();
    expect(validate(read("adapters/teams/appPackage/manifest.json")), schemaErrors(validate)).toBe(true);
    const packaged = unzip(buildTeamsPackage("11111111-2222-3333-4444-555555555555")).get("manifest.json");
    expect(validate(JSON.parse(packaged?.toString("utf8") ?? "{}")), schemaErrors(validate)).toBe(true);
  });

  it("the schema refuses a broken manifest (so the checks above can fail)", () => {
    const teams = teamsManifestSchema();
    expect(teams({ manifestVersion: "1.17", id: "not-a-guid" })).toBe(false);
    const slack = slackManifestSchema();
    expect(slack({ display_information: {}, features: { bot_user: {} } })).toBe(false);
  });
});
