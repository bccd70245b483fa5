import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../support/env.js";
import { createScratchDatabase } from "../support/test-database.js";

/*
 * `npm start` as package.json spells it: `prestart` builds build/ from the TypeScript sources, `start`
 * runs that build on plain node. A real build, a real process, real HTTP; stdin is not a terminal and
 * no chat credentials are set, so the process serves HTTP only. On a fresh PGlite data directory
 * (pglite project) or a fresh scratch database (postgres project), so /readyz also proves that the
 * build found the migrations folder.
 */
const ROOT = join(import.meta.dirname, "..", "..");
const scripts = (
  JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** A package.json script that runs `node …`, as [node, …args] for this Node.js binary. */
const nodeCommand = (name: string): string[] => {
  const words = (scripts[name] ?? "").split(/\s+/);
  if (words[0] !== "node") throw new Error(`expected the ${name} script to run node, not: ${scripts[name]}`);
  return [process.execPath, ...words.slice(1)];
};

const run = (argv: string[]): Promise<{ stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const [file = process.execPath, ...args] = argv;
    execFile(file, args, { cwd: ROOT }, (error, stdout, stderr) =>
      error
        ? reject(new Error(`${argv.join(" ")} failed: ${stderr || error.message}`))
        : resolve({ stdout, stderr }),
    );
  });

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once("exit", (code) => resolve(code));
  });

describe("npm start: the built server", () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let child: ChildProcess;
  let stderr = "";
  let base: string;

  beforeAll(async () => {
    if (testEngine() === "postgres") {
      const scratch = await createScratchDatabase("start_built");
      env = { DATABASE_URL: scratch.url };
      cleanup = scratch.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "delegate-start-"));
      env = { DATA_DIR: join(dir, "data") };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    await run(nodeCommand("prestart"));

    const [file = process.execPath, ...args] = nodeCommand("start");
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(DATABASE_URL|DATA_DIR|PORT|HOST|LOG_LEVEL|SLACK_.*|MICROSOFT_.*)$/.test(k),
      ),
    );
    child = spawn(file, args, {
      cwd: ROOT,
      env: { ...inherited, ...env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    // The port the kernel chose, from the "Delegate is listening" log line.
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr?.on("data", (d: Buffer) => {
        stderr += d.toString("utf8");
        const m = stderr.match(/"port":(\d+)[^\n]*"msg":"Delegate is listening"/);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`the server exited with ${code}: ${stderr}`)));
    });
    base = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
    await cleanup?.();
  });

  it("answers /healthz and, migrations applied, /readyz", async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status, await ready.clone().text()).toBe(200);
  });

  it("stops cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    expect(stderr).toContain("shutting down");
  });
});
