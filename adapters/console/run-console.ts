import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import type { Logger } from "pino";
import type { Deps } from "../../src/core.js";
import { type Core, consoleClockRefusal, createCore, firmOfWorkspace } from "../../src/core.js";
import { type ConsoleSession, consoleSpeaker, createConsoleSession } from "./console-session.js";
import { loadDemo } from "./demo.js";
import { createSettableClock, type SettableClock } from "./settable-clock.js";

export interface RunConsoleOptions {
  db: Deps["db"];
  logger: Logger;
  /**
   * The clock `.clock` moves. If you pass `core`, build it with this same clock, or `.clock`
   * will not change what the core sees. Default: a new clock on real time.
   */
  clock?: SettableClock;
  /** Default: a core on `db`, `clock` and `logger`. */
  core?: Core;
  /** Load the sample firm first (only into an empty console workspace). */
  demo?: boolean;
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  output?: NodeJS.WritableStream;
  /** Who speaks before any `as NAME`. Default: the OS user name (or alice with the demo). */
  defaultUser?: string;
  /** A prompt and no echo. Default: whether input is a terminal. */
  interactive?: boolean;
  /** DIGEST_CRON, for `.run digest`. */
  digestCron?: string;
  /** EXPORT_DIR, where packets are saved. */
  exportDir?: string;
}

const osUserName = (): string => {
  try {
    const name = userInfo().username.trim();
    return /^[\p{L}\p{N}._-]{1,64}$/u.test(name) ? name : "me";
  } catch {
    return "me";
  }
};

/**
 * The terminal console: reads commands line by line until the end of input (or `exit`), prints
 * each reply and the notifications it caused, delivers what is still pending at the end, and
 * returns. The caller owns the database and closes it.
 */
export const runConsole = async (options: RunConsoleOptions): Promise<void> => {
  const { db, logger } = options;
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = options.interactive ?? Boolean(input.isTTY);
  const clock = options.clock ?? createSettableClock();
  const core = options.core ?? createCore({ db, clock, logger });
  const print = (lines: string[]) => {
    if (lines.length > 0) output.write(`${lines.join("\n")}\n`);
  };

  let defaultUser = options.defaultUser ?? osUserName();
  const demoRefused = options.demo ? await consoleClockRefusal(db) : undefined;
  if (demoRefused) {
    // The demo backdates its history with the console's clock.
    print([`The demo firm (its history is backdated) was not loaded: ${demoRefused}.`]);
  } else if (options.demo) {
    const demo = await loadDemo(core, clock);
    if (options.defaultUser === undefined) defaultUser = "alice";
    print(demo.lines);
    // The demo's own history (assignments, approvals…) would flood the screen: deliver it unprinted.
    if (demo.created) await quietFlush(db, clock, core, logger);
  }

  const session: ConsoleSession = createConsoleSession({
    core,
    db,
    clock,
    defaultUser,
    firmZone: async () => (await firmOfWorkspace(db, consoleSpeaker(defaultUser)))?.tz,
    ...(options.digestCron ? { digestCron: options.digestCron } : {}),
    ...(options.exportDir ? { exportDir: options.exportDir } : {}),
  });
  if (interactive) print([`Speaking as ${session.user}. Type help for the commands, exit to leave.`]);

  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  const prompt = () => {
    rl.setPrompt(`delegate (${session.user})> `);
    rl.prompt();
  };
  if (interactive) {
    rl.on("SIGINT", () => rl.close());
    prompt();
  }
  for await (const line of rl) {
    if (!interactive && line.trim() !== "" && !line.trim().startsWith("#")) print([`> ${line}`]);
    try {
      print(await session.handleLine(line));
    } catch (e) {
      // The core answers its own errors; this is the console itself failing (e.g. the database went away).
      logger.error({ err: e instanceof Error ? e : typeof e }, "console line failed");
      print(["Error: the console could not run that line; see the log on stderr."]);
    }
    if (session.finished) break;
    if (interactive) prompt();
  }
  rl.close();
  print(await session.flushNotifications());
};

/** Delivers pending console notifications without printing them. */
const quietFlush = async (
  db: Deps["db"],
  clock: SettableClock,
  core: Core,
  logger: Logger,
): Promise<void> => {
  const silent = createConsoleSession({
    core,
    db,
    clock,
    defaultUser: "alice",
    firmZone: async () => undefined,
  });
  try {
    await silent.flushNotifications();
  } catch (e) {
    logger.warn({ err: e instanceof Error ? e.name : typeof e }, "demo notifications not delivered");
  }
};
