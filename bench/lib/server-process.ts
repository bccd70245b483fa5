import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { track } from "./children.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A port the kernel says is free on loopback right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const a = s.address();
      const port = typeof a === "object" && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });

/** Resident memory of a process in MB, from /proc/<pid>/status (VmRSS). */
export const rssMb = (pid: number): number => {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  const kb = Number(line?.match(/(\d+)/)?.[1] ?? Number.NaN);
  return kb / 1024;
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** GET a loopback URL's status code, or 0 when nothing answers. */
export const statusOf = async (url: string, timeoutMs = 1000): Promise<number> => {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
};

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  base: string;
  /** Spawn to first /readyz 200. */
  startupMs: number;
  /** The last few KB of what it wrote, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Variables of ours that must not leak from the caller's shell into the measured server. */
const APP_VARS =
  /^(DATABASE_URL|DATA_DIR|PORT|HOST|LOG_LEVEL|SLACK_.*|MICROSOFT_.*|ALERT_CRON|DIGEST_CRON|DELEGATE_.*)$/;

const waitExit = (child: ChildProcess, ms: number): Promise<boolean> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const t = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(t);
      resolve(true);
    });
  });

/**
 * How `npm start` runs the server (package.json: `prestart` builds, `start` runs the build): the
 * bench measures that, not the TypeScript sources under tsx (~55 MB more memory, slower start-up).
 */
const START_ARGS = ["--enable-source-maps", "build/main.js"];

let built: Promise<number> | undefined;
/**
 * `npm run build` (what `npm start` does first), once per bench process so that every server it
 * starts runs the same build; resolves with how long that build took, in ms.
 */
export const buildServer = (): Promise<number> => {
  built ??= new Promise<number>((resolve, reject) => {
    const t = performance.now();
    execFile(process.execPath, ["scripts/build.mjs"], { cwd: ROOT }, (error, _stdout, stderr) =>
      error
        ? reject(new Error(`npm run build failed: ${stderr || error.message}`))
        : resolve(performance.now() - t),
    );
  });
  return built;
};

/**
 * `npm start` as a deployment runs it — the build, `node --enable-source-maps build/main.js`, stdin
 * not a terminal — or another script under tsx (e.g. the bare Bolt app, `options.script`), on
 * loopback with the given environment; resolves once /readyz answers 200. `startupMs` counts from
 * spawning the process (the build is done before, once).
 */
export const startServerProcess = async (
  env: Record<string, string>,
  options: {
    port?: number;
    readyTimeoutMs?: number;
    script?: string;
    cpuProfileDir?: string;
    /** Another build of the server than build/main.js (an A/B comparison of two builds). */
    entry?: string;
  } = {},
): Promise<ServerProcess> => {
  const port = options.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !APP_VARS.test(k)));
  if (!options.script) await buildServer();
  const profile = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const start = options.entry ? ["--enable-source-maps", options.entry] : START_ARGS;
  const args = [...profile, ...(options.script ? ["--import", "tsx", options.script] : start)];
  const started = performance.now();
  const child = track(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...inherited, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let tail = "";
  const keep = (b: Buffer) => {
    tail = (tail + b.toString("utf8")).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    if (!(await waitExit(child, 8000))) {
      child.kill("SIGKILL");
      await waitExit(child, 2000);
    }
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${tail}`);
    if ((await statusOf(`${base}/readyz`, 500)) === 200) {
      return {
        child,
        pid: child.pid ?? 0,
        port,
        base,
        startupMs: performance.now() - started,
        output: () => tail,
        stop,
      };
    }
    await sleep(20);
  }
  await stop();
  throw new Error(`server not ready within ${options.readyTimeoutMs ?? 60_000} ms: ${tail}`);
};
