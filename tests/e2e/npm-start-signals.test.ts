import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inheritedEnv, ROOT } from "../support/built-server.js";

/*
 * Engine-independent (runs once, in the pglite project). `npm start` itself, as a process manager or a
 * shell runs it: a signal to the npm process must stop the server — npm's child is node, which stops
 * cleanly and exits, and npm exits after it. Before, npm's child was a shell that died on the signal
 * and left node running, with parent 1, still answering /readyz.
 */
const dirs: string[] = [];
const started: ChildProcess[] = [];
const orphans: number[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill("SIGKILL");
  for (const pid of orphans) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Every process below `pid`, from /proc (Linux). */
const descendants = (pid: number): { pid: number; cmdline: string }[] => {
  const all = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ").trim();
        return [{ pid: Number(name), ppid, cmdline }];
      } catch {
        return []; // gone meanwhile
      }
    });
  const below = (parent: number): { pid: number; cmdline: string }[] =>
    all.filter((p) => p.ppid === parent).flatMap((p) => [p, ...below(p.pid)]);
  return below(pid);
};

const refused = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });

const stopsOn = async (signal: "SIGTERM" | "SIGINT") => {
  const dir = mkdtempSync(join(tmpdir(), "delegate-npm-start-"));
  dirs.push(dir);
  const npm = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...inheritedEnv(), DATA_DIR: join(dir, "data"), PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(npm);
  let output = "";
  npm.stdout.on("data", (d: Buffer) => {
    output += d.toString("utf8");
  });
  const exit = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  // The port the kernel chose, from the "Delegate is listening" log line.
  const port = await new Promise<number>((resolve, reject) => {
    npm.stderr.on("data", (d: Buffer) => {
      output += d.toString("utf8");
      const m = output.match(/"port":(\d+)[^\n]*"msg":"Delegate is listening"/);
      if (m) resolve(Number(m[1]));
    });
    void exit.then((code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });
  expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  const below = descendants(npm.pid ?? 0);
  const servers = below.filter((p) => /(^|\/)node .*build\/main\.js/.test(p.cmdline));
  orphans.push(...servers.map((p) => p.pid));
  expect(servers, JSON.stringify(below)).toHaveLength(1);

  npm.kill(signal);
  const code = await exit;
  // By the time npm is gone, so is the server, and nothing listens on its port.
  for (const { pid } of servers) expect(isAlive(pid), `server pid ${pid} still running`).toBe(false);
  expect(await refused(port)).toBe(true);
  expect(code, output).toBe(0);
  expect(output).toMatch(new RegExp(`"reason":"${signal}","msg":"shutting down"`));
};

describe("npm start, stopped through the npm process", () => {
  it("stops the server on SIGTERM, leaving no node process behind", () => stopsOn("SIGTERM"), 120_000);
  it("stops the server on SIGINT, leaving no node process behind", () => stopsOn("SIGINT"), 120_000);
});
