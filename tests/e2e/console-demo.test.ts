import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEngine } from "../support/env.js";
import { createScratchDatabase } from "../support/test-database.js";

/*
 * `npm run console -- --demo` as a user would run it: a child process reading a piped script,
 * on a fresh PGlite data directory (pglite project) or a fresh scratch database (postgres project).
 */
interface Run {
  code: number | null;
  stdout: string[];
  stderr: string;
}

const ROOT = join(import.meta.dirname, "..", "..");

const runConsole = (args: string[], script: string, env: Record<string, string>): Promise<Run> =>
  new Promise((resolve, reject) => {
    const { DATABASE_URL: _ignored, ...inherited } = process.env;
    const child = spawn(process.execPath, ["--import", "tsx", "adapters/console/main.ts", ...args], {
      cwd: ROOT,
      env: { ...inherited, LOG_LEVEL: "warn", ...env },
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
    child.stdin.end(script);
  });

/** The lines printed after the echo of `command` and before the next echo. */
const replyTo = (run: Run, command: string): string[] => {
  const at = run.stdout.indexOf(`> ${command}`);
  if (at < 0) throw new Error(`no echo of ${JSON.stringify(command)} in:\n${run.stdout.join("\n")}`);
  const rest = run.stdout.slice(at + 1);
  const next = rest.findIndex((l) => l.startsWith("> "));
  return (next < 0 ? rest : rest.slice(0, next)).filter((l) => l !== "");
};

describe("npm run console -- --demo, with piped input", () => {
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let first: Run;

  beforeAll(async () => {
    if (testEngine() === "postgres") {
      const scratch = await createScratchDatabase("console_e2e");
      env = { DATABASE_URL: scratch.url };
      cleanup = scratch.drop;
    } else {
      const dir = mkdtempSync(join(tmpdir(), "delegate-console-"));
      env = { DATA_DIR: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
    first = await runConsole(
      ["--demo"],
      [
        "# a comment, then a blank line: both ignored",
        "",
        "as maria",
        "list",
        "show T-1",
        "as bob",
        "list review",
        'approve T-3 "Looks good"',
        'assign @sam "Cite-check the brief" matter:M-2024-118 due:"fri 5pm"',
        "as maria",
        "submit T-2 spent:1h",
        ".jump 3d",
      ].join("\n"),
      env,
    );
  }, 180_000);

  afterAll(async () => {
    await cleanup?.();
  });

  it("loads the demo firm, echoes each line and exits 0 at the end of input", () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout[0]).toBe(
      'Demo firm "Smith & Lee LLP" (America/New_York, default rate 300/h) is ready. Who is who:',
    );
    expect(first.stdout.some((l) => l.startsWith("Demo step failed"))).toBe(false);
    // The demo's own notifications are delivered quietly, not printed.
    const firstEcho = first.stdout.indexOf("> as maria");
    expect(first.stdout.slice(0, firstEcho).some((l) => l.startsWith("→ @"))).toBe(false);
    expect(first.stdout.filter((l) => l.startsWith("> "))).toEqual([
      "> as maria",
      "> list",
      "> show T-1",
      "> as bob",
      "> list review",
      '> approve T-3 "Looks good"',
      '> assign @sam "Cite-check the brief" matter:M-2024-118 due:"fri 5pm"',
      "> as maria",
      "> submit T-2 spent:1h",
      "> .jump 3d",
    ]);
  });

  it("shows maria only her own tasks, and a task with what she can type next", () => {
    expect(replyTo(first, "as maria")).toEqual(["Speaking as maria."]);
    const list = replyTo(first, "list");
    expect(list[0]).toBe("Your open tasks");
    const tasks = list.slice(1).map((l) => /^ {2}• (T-\d+) · /.exec(l)?.[1]);
    expect(tasks.sort()).toEqual(["T-1", "T-2", "T-3"]);
    const show = replyTo(first, "show T-1");
    expect(show[0]).toBe("T-1 · Review deposition exhibits for privilege");
    expect(show).toContain("  Status: Assigned");
    expect(show).toContain("  Supervisor: bob");
    expect(show).toContain('  → ack T-1 · start T-1 · submit T-1 · ask T-1 "question"');
  });

  it("lets bob approve what waits for his review, and tells maria", () => {
    const review = replyTo(first, "list review");
    expect(review[0]).toBe("Waiting for your review");
    expect(review).toHaveLength(2);
    expect(review[1]).toMatch(
      /^ {2}• T-3 · M-2025-007 · Draft the disclosure schedule · Submitted for review · /,
    );
    expect(replyTo(first, 'approve T-3 "Looks good"')).toEqual([
      expect.stringMatching(/^Approved T-3 \(round 1\) by bob at .+\.$/),
      "→ @maria: T-3 approved",
      "    bob approved T-3: Draft the disclosure schedule.",
      "    Comment: Looks good",
    ]);
  });

  it("refuses to assign work to sam, who has no NDA on file", () => {
    const reply = replyTo(first, 'assign @sam "Cite-check the brief" matter:M-2024-118 due:"fri 5pm"');
    expect(reply[0]).toMatch(/^Error: sam has no NDA on file\./);
    expect(reply[1]).toMatch(/^Usage: assign @user "title" matter:M-2024-118/);
  });

  it("notifies the supervisor of a submission, and refuses dot commands it does not know", () => {
    const submit = replyTo(first, "submit T-2 spent:1h");
    expect(submit[0]).toMatch(/^Submitted T-2/);
    expect(submit.some((l) => l.startsWith("→ @bob: "))).toBe(true);
    expect(replyTo(first, ".jump 3d")).toEqual([
      "Error: Unknown console command .jump. Console commands: .clock [2026-12-07T08:00 | now], .run alerts|digest.",
    ]);
  });

  it("keeps the data, does not load the demo twice, and stops at exit", async () => {
    const second = await runConsole(["--demo"], ["as bob", "show T-3", "exit", "list"].join("\n"), env);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(second.stdout[0]).toBe(
      "The console already has a firm, so the demo firm was not loaded again. Carrying on with it.",
    );
    const show = replyTo(second, "show T-3");
    expect(show).toContain("  Status: Approved");
    expect(show.some((l) => /^ {2}Approved: by bob at /.test(l))).toBe(true);
    // `exit` ends the session: the line after it is never read.
    expect(second.stdout).toContain("> exit");
    expect(second.stdout).not.toContain("> list");
  }, 180_000);
});
