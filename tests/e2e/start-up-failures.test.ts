import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, inheritedEnv, nodeCommand, ROOT } from "../support/built-server.js";

/*
 * Engine-independent (runs once, in the pglite project); the failures that need a PostgreSQL server
 * are in start-up-failures-postgres.test.ts. The server as `npm start` runs it (the build, on node),
 * started with a configuration that cannot work: it must stop with exit code 1 and one plain line on
 * stderr that names the cause and what to do — no stack trace, nothing on stdout.
 */
interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

const start = (env: Record<string, string>): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const [file, ...args] = nodeCommand("start");
    const child = spawn(file, args, {
      cwd: ROOT,
      env: { ...inheritedEnv(), HOST: "127.0.0.1", PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
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
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });

/** Exit code 1, and stderr is exactly one line, which `line` matches. */
const expectOneLine = (outcome: Outcome, line: RegExp): void => {
  expect(outcome.code, outcome.stderr).toBe(1);
  expect(outcome.stdout).toBe("");
  expect(outcome.stderr.endsWith("\n")).toBe(true);
  const lines = outcome.stderr.slice(0, -1).split("\n");
  expect(lines, outcome.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(line);
  expect(lines[0]).not.toMatch(/\bat .+:\d+:\d+\)?$|Error:/);
};

const listening = (host: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => resolve(server));
  });
const portOf = (server: Server): number => {
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("no port");
  return address.port;
};
const closed = (server: Server): Promise<void> => new Promise((done) => server.close(() => done()));

const dirs: string[] = [];
const freshDataDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "delegate-failures-"));
  dirs.push(dir);
  return join(dir, "data");
};

beforeAll(() => build(), 120_000); // the first build on a machine also makes the database template
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("start-up failures are one plain line", () => {
  it("ALERT_CRON that is not a cron schedule: one message, with an example", async () => {
    expectOneLine(
      await start({ DATA_DIR: freshDataDir(), ALERT_CRON: "every5min" }),
      /^ALERT_CRON: must be a cron schedule of five fields .*e\.g\. \*\/5 \* \* \* \* for every 5 minutes$/,
    );
  });

  it("SLACK_SIGNING_SECRET alone: says what else Slack needs", async () => {
    expectOneLine(
      await start({ DATA_DIR: freshDataDir(), SLACK_SIGNING_SECRET: "from-the-slack-app" }),
      /^SLACK_SIGNING_SECRET: is set, but Slack also needs SLACK_BOT_TOKEN .* or SLACK_CLIENT_ID, .*; unset it to run without Slack$/,
    );
  });

  it("a port in use", async () => {
    const taken = await listening("127.0.0.1");
    try {
      const port = portOf(taken);
      expectOneLine(
        await start({ DATA_DIR: freshDataDir(), PORT: String(port) }),
        new RegExp(`^PORT: ${port} is already in use on 127\\.0\\.0\\.1 .*set PORT to a free port$`),
      );
    } finally {
      await closed(taken);
    }
  });

  it("a HOST that is not this machine's, and a HOST with a port in it", async () => {
    // 192.0.2.0/24 is reserved for documentation (RFC 5737): no machine has it.
    expectOneLine(
      await start({ DATA_DIR: freshDataDir(), HOST: "192.0.2.1" }),
      /^HOST: 192\.0\.2\.1 is not an address of this machine; use 0\.0\.0\.0 .*127\.0\.0\.1/,
    );
    expectOneLine(
      await start({ DATA_DIR: freshDataDir(), HOST: "localhost:3000" }),
      /^HOST: must be an address or host name of this machine, without a port/,
    );
  });

  it("DATABASE_URL where nothing answers", async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = await listening("127.0.0.1");
    const port = portOf(probe);
    await closed(probe);
    expectOneLine(
      await start({ DATABASE_URL: `postgres://delegate:not-this-password@127.0.0.1:${port}/delegate` }),
      new RegExp(
        `^DATABASE_URL: nothing answers at 127\\.0\\.0\\.1:${port}; start PostgreSQL there or correct`,
      ),
    );
  });

  it("never shows the password of DATABASE_URL", async () => {
    const outcome = await start({ DATABASE_URL: "postgres://delegate:s3cret-pw@127.0.0.1:1/delegate" });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).not.toContain("s3cret-pw");
  });

  it("a DATA_DIR in use by another process", async () => {
    const dataDir = freshDataDir();
    mkdirSync(dataDir);
    // This test process is alive and is not the server: its pid in the lock means "in use".
    writeFileSync(join(dataDir, "delegate.lock"), String(process.pid));
    expectOneLine(
      await start({ DATA_DIR: dataDir }),
      new RegExp(
        `^The embedded database in .*data is in use by another Delegate process \\(pid ${process.pid}\\)\\. Stop it first, use another DATA_DIR, or set DATABASE_URL`,
      ),
    );
  });

  it("a DATA_DIR that is a file", async () => {
    const dataDir = freshDataDir();
    mkdirSync(join(dataDir, ".."), { recursive: true });
    writeFileSync(dataDir, "not a folder");
    expectOneLine(
      await start({ DATA_DIR: dataDir }),
      /^DATA_DIR: .*data is a file, not a folder; choose another/,
    );
  });
});
