import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";

/**
 * The platforms' own JSON schemas, vendored under tests/fixtures/schemas (sources and licences in
 * tests/fixtures/README.md), compiled with ajv. `strict: false`: the schemas carry keywords of
 * their own (Adaptive Cards' `version`, `features`), which ajv should ignore, not refuse.
 */
// CommonJS packages: their `default` export is the class or function.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

const schemaFile = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/schemas/${name}`, import.meta.url), "utf8")) as Record<
    string,
    unknown
  >;

/**
 * Adaptive Card 1.5 (JSON Schema draft-06). Its root names itself with draft-04's `id`, which
 * ajv reads only as `$id`: renamed on load, the file stays as published.
 */
export const adaptiveCardSchema = (): ValidateFunction => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  const { id, ...schema } = schemaFile("adaptive-card-1.5.json");
  return ajv.compile({ $id: String(id), ...schema });
};

/** Microsoft Teams app manifest v1.17 (JSON Schema draft-04). */
export const teamsManifestSchema = (): ValidateFunction => {
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schemaFile("teams-manifest-1.17.json"));
};

/** Slack's app manifest, major version 1 (JSON Schema draft-07). */
export const slackManifestSchema = (): ValidateFunction => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schemaFile("slack-manifest-1.0.0.json"));
};

/** ajv's errors, one line each, for an assertion message. */
export const schemaErrors = (validate: ValidateFunction): string =>
  (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`).join("\n");
