import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { inheritedEnv, ROOT } from "../support/built-server.js";

/*
 * Engine-independent (runs once, in the pglite project). The README's demo, `npm run console --
 * --demo`, with neither DATA_DIR nor DATABASE_URL: it runs on a temporary data directory and leaves
 * nothing behind — not in the folder it was started from, not in the temporary folder.
 */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const TSX = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const CONSOLE = join(ROOT, "adapters", "console", "main.ts");

describe("npm run console -- --demo without DATA_DIR", () => {
  it("runs the demo firm in a temporary data directory, removed at the end", async () => {
    const root = mkdtempSync(join(tmpdir(), "delegate-sandbox-test-"));
    dirs.push(root);
    const cwd = join(root, "project");
    const temp = join(root, "tmp");
    mkdirSync(cwd);
    mkdirSync(temp);
    const run = await new Promise<{ code: number | null; stdout: string[]; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, ["--import", TSX, CONSOLE, "--demo"], {
          cwd,
          // TMPDIR: where os.tmpdir() is, so the test sees what is made there.
          env: { ...inheritedEnv(), TMPDIR: temp, LOG_LEVEL: "warn" },
          stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString("utf8");
        });
        child.stderr.on("data", (d: Buffer) => {
          stderr += d.toString("utf8");
        });
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout: stdout.split("\n"), stderr }));
        child.stdin.end("as maria\nlist\n");
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout[0]).toBe(
      "The demo runs on a temporary database, removed when you leave (set DATA_DIR to keep it).",
    );
    expect(run.stdout[1]).toMatch(/^Demo firm "Smith & Lee LLP" .* is ready\./);
    expect(run.stdout).toContain("Your open tasks");
    expect(readdirSync(cwd)).toEqual([]);
    expect(readdirSync(temp).filter((name) => name.startsWith("delegate-demo-"))).toEqual([]);
  }, 180_000);
});
