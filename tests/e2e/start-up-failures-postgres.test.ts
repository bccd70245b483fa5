import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { build, inheritedEnv, nodeCommand, ROOT } from "../support/built-server.js";
import { testDatabaseUrl, testRunId } from "../support/env.js";
import { withDatabaseName } from "../support/test-database.js";

/*
 * PostgreSQL only: the start-up failures a real server gives (start-up-failures.test.ts has the rest).
 * The server as `npm start` runs it must stop with exit code 1 and one plain line on stderr.
 */
const start = (env: Record<string, string>): Promise<{ code: number | null; stderr: string }> =>
  new Promise((resolve, reject) => {
    const [file, ...args] = nodeCommand("start");
    const child = spawn(file, args, {
      cwd: ROOT,
      env: { ...inheritedEnv(), HOST: "127.0.0.1", PORT: "0", ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });

beforeAll(() => build(), 120_000);

describe("start-up failures on PostgreSQL are one plain line", () => {
  it("a database that does not exist: says how to create it", async () => {
    const name = `delegate_missing_${testRunId()}`;
    const url = new URL(withDatabaseName(testDatabaseUrl(), name));
    const outcome = await start({ DATABASE_URL: url.toString() });
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stderr).toBe(
      `DATABASE_URL: the database "${name}" does not exist on ${url.hostname}:${url.port || "5432"}; create it (createdb ${name}) or correct DATABASE_URL\n`,
    );
  });

  it("a user PostgreSQL does not know", async () => {
    const url = new URL(testDatabaseUrl());
    url.username = `nobody_${testRunId()}`;
    url.password = "not-a-password";
    const outcome = await start({ DATABASE_URL: url.toString() });
    expect(outcome.code, outcome.stderr).toBe(1);
    expect(outcome.stderr).toMatch(
      new RegExp(
        `^DATABASE_URL: PostgreSQL at [^ ]+ refused the user "nobody_${testRunId()}" \\(.*\\); correct the user or password in DATABASE_URL\\n$`,
      ),
    );
    expect(outcome.stderr).not.toContain("not-a-password");
  });
});
