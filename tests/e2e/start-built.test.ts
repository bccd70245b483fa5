import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, inheritedEnv, nodeCommand, ROOT } from "../support/built-server.js";
import { testEngine } from "../support/env.js";
import { createScratchDatabase } from "../support/test-database.js";

/*
 * `npm start` as package.json spells it: `prestart` builds build/ from the TypeScript sources, `start`
 * runs that build on plain node. A real build, a real process, real HTTP; stdin is not a terminal and
 * no chat credentials are set, so the process serves HTTP only. On a fresh PGlite data directory
 * (pglite project) or a fresh scratch database (postgres project), so /readyz also proves that the
 * build found the migrations folder.
 */
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
    await build();

    const [file, ...args] = nodeCommand("start");
    child = spawn(file, args, {
      cwd: ROOT,
      env: { ...inheritedEnv(), ...env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
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

  /** The first JSON log line that `match` accepts, once the server has written it. */
  const logLine = (match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> =>
    new Promise((resolve) => {
      const look = () => {
        const found = stderr
          .split("\n")
          .slice(0, -1) // complete lines only
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find(match);
        if (!found) return false;
        child.stderr?.off("data", look);
        resolve(found);
        return true;
      };
      if (!look()) child.stderr?.on("data", look);
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

  it("says what it serves: the health checks and every chat endpoint mounted, each of which answers", async () => {
    const warning = await logLine(
      (l) => l.level === 40 && /no Slack or Teams credentials/.test(String(l.msg)),
    );
    const listening = await logLine((l) => l.msg === "Delegate is listening");
    const endpoints = listening.endpoints as string[];
    expect(endpoints.slice(0, 2)).toEqual(["/healthz", "/readyz"]);
    // Without MICROSOFT_APP_ID or TEAMS_EMULATOR=true Teams' endpoint is not mounted, and the log says
    // exactly what is.
    expect(endpoints).toEqual(["/healthz", "/readyz"]);
    expect(warning.msg).toBe(
      `no Slack or Teams credentials and no terminal: serving ${endpoints.join(", ")} (npm run console opens a console)`,
    );
    for (const path of endpoints.slice(2)) {
      const res = await fetch(`${base}${path}`, { method: "POST", body: "{}" });
      await res.arrayBuffer();
      expect(res.status, path).not.toBe(404);
    }
    // And what is not listed is not served.
    for (const path of ["/slack/events", "/api/messages"]) {
      const res = await fetch(`${base}${path}`, { method: "POST", body: "{}" });
      await res.arrayBuffer();
      expect(res.status, path).toBe(404);
    }
  });

  it("stops cleanly on SIGTERM", async () => {
    child.kill("SIGTERM");
    expect(await exited(child)).toBe(0);
    expect(stderr).toContain("shutting down");
  });
});
