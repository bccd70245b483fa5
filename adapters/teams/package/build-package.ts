import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, loadPackageConfig } from "../../../src/core.js";
import { writeZip } from "./zip.js";

/**
 * `npm run teams:package`: the Teams app package (manifest.json and the two icons) zipped to
 * dist/delegate-teams.zip, ready to upload. The bot id placeholder becomes MICROSOFT_APP_ID
 * when it is set (the environment is read by src/config.ts, as everywhere; building a package
 * needs no MICROSOFT_APP_PASSWORD).
 */
const HERE = dirname(fileURLToPath(import.meta.url));
const APP_PACKAGE = join(HERE, "..", "appPackage");
const PLACEHOLDER = "00000000-0000-0000-0000-000000000000";

export const buildTeamsPackage = (botId: string | undefined): Buffer => {
  const manifest = readFileSync(join(APP_PACKAGE, "manifest.json"), "utf8");
  const filled = botId ? manifest.replaceAll(PLACEHOLDER, botId) : manifest;
  return writeZip([
    { name: "manifest.json", data: Buffer.from(filled, "utf8") },
    { name: "color.png", data: readFileSync(join(APP_PACKAGE, "color.png")) },
    { name: "outline.png", data: readFileSync(join(APP_PACKAGE, "outline.png")) },
  ]);
};

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
const packageAppId = (): string | undefined => {
  try {
    return loadPackageConfig().MICROSOFT_APP_ID;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
};

if (isMain) {
  const appId = packageAppId();
  const out = resolve("dist", "delegate-teams.zip");
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, buildTeamsPackage(appId));
  process.stdout.write(
    `Wrote ${out}${appId ? ` (bot ${appId})` : " with a placeholder bot id: set MICROSOFT_APP_ID to fill it in"}.\n`,
  );
}
