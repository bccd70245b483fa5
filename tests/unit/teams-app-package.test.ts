import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildTeamsPackage } from "../../adapters/teams/package/build-package.js";
import { pngInfo } from "../../adapters/teams/package/png.js";
import { USAGE } from "../../src/commands/usage.js";
import { unzip } from "../support/unzip.js";

/*
 * The Teams app package: the manifest has what Teams requires, its commands are words of our
 * grammar (at most 10: Teams' limit per command list), the icons have the sizes Teams wants, and
 * `npm run teams:package` writes a zip that unzips back to those files with the bot id filled in.
 */
const dir = new URL("../../adapters/teams/appPackage/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", dir), "utf8"));

describe("Teams app package", () => {
  it("has the fields the Teams manifest schema (1.17) requires", () => {
    expect(manifest.$schema).toMatch(/teams\/v1\.(1[7-9]|2\d)\/MicrosoftTeams\.schema\.json$/);
    expect(manifest.manifestVersion).toMatch(/^1\.(1[7-9]|2\d)$/);
    for (const key of ["version", "id", "developer", "name", "description", "icons", "accentColor"]) {
      expect(manifest[key], key).toBeDefined();
    }
    expect(manifest.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const key of ["name", "websiteUrl", "privacyUrl", "termsOfUseUrl"])
      expect(manifest.developer[key]).toBeTruthy();
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
    const [bot] = manifest.bots;
    expect(bot.scopes).toEqual(["personal", "team", "groupChat"]);
  });

  it("lists at most 10 commands, each a command word of the grammar, with short titles and descriptions", () => {
    const words = new Set(Object.keys(USAGE).map((k) => k.split(" ")[0]));
    for (const list of manifest.bots[0].commandLists) {
      expect(list.commands.length).toBeGreaterThan(0);
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) {
        expect(words, c.title).toContain(c.title);
        expect(c.title.length).toBeLessThanOrEqual(32);
        expect(c.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it("has a 192×192 color icon and a 32×32 outline icon with transparency", () => {
    expect(pngInfo(readFileSync(new URL("color.png", dir)))).toMatchObject({ width: 192, height: 192 });
    expect(pngInfo(readFileSync(new URL("outline.png", dir)))).toEqual({
      width: 32,
      height: 32,
      colorType: 6,
    });
  });

  it("zips the manifest and icons, with the bot id filled in", () => {
    const files = unzip(buildTeamsPackage("11111111-2222-3333-4444-555555555555"));
    expect([...files.keys()]).toEqual(["manifest.json", "color.png", "outline.png"]);
    const zipped = JSON.parse(files.get("manifest.json")?.toString("utf8") ?? "{}");
    expect(zipped.bots[0].botId).toBe("11111111-2222-3333-4444-555555555555");
    expect(files.get("color.png")).toEqual(readFileSync(new URL("color.png", dir)));
  });
});
