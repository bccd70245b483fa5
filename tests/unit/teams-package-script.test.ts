import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { unzip } from "../support/unzip.js";

/*
 * `MICROSOFT_APP_ID=… npm run teams:package`, as the README says, run as its own process: it needs
 * no MICROSOFT_APP_PASSWORD (building a package is not running the bot), and a malformed app id
 * is refused in one plain line before anything is written.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCRIPT = join(ROOT, "adapters/teams/package/build-package.ts");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const out = mkdtempSync(join(tmpdir(), "teams-package-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The script in `out`, with only PATH and `env` in its environment. */
const runPackage = (env: Record<string, string>) =>
  spawnSync(TSX, [SCRIPT], {
    cwd: out,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });

describe("npm run teams:package", () => {
  it("builds the package from MICROSOFT_APP_ID alone", () => {
    const run = runPackage({ MICROSOFT_APP_ID: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const manifest = unzip(readFileSync(join(out, "dist", "delegate-teams.zip"))).get("manifest.json");
    expect(JSON.parse(manifest?.toString("utf8") ?? "{}").bots[0].botId).toBe(
      "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    );
  });

  it("refuses an app id that is not a GUID, in one line, writing nothing", () => {
    rmSync(join(out, "dist"), { recursive: true, force: true });
    const run = runPackage({ MICROSOFT_APP_ID: "my-bot" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("MICROSOFT_APP_ID: must be the bot's Microsoft App ID");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(out, "dist"))).toBe(false);
  });
});
