import { DateTime } from "luxon";
import type { Core, Deps, Directory, Speaker, ViewFile } from "../../src/core.js";
import { consoleClockRefusal, deliverPending, runAlerts, runDigest } from "../../src/core.js";
import { createConsoleAdapter } from "./console-adapter.js";
import { renderText } from "./render-text.js";
import type { SettableClock } from "./settable-clock.js";

/** Every console user lives in this one workspace; `setup` here binds it to a firm. */
/** The database handle, as the core's services take it (adapters do not import db/). */
type Db = Deps["db"];

export const CONSOLE_WORKSPACE = "console";

export const consoleSpeaker = (name: string): Speaker => ({
  platform: "console",
  workspaceId: CONSOLE_WORKSPACE,
  userId: name.toLowerCase(),
  userName: name,
  channelId: CONSOLE_WORKSPACE,
});

/** Console users are just names: whoever is named exists, under that name. */
export const consoleDirectory: Directory = {
  lookup: async (ref) => {
    const name = ref.name ?? ref.id;
    if (!name) return undefined;
    return { userId: name.toLowerCase(), displayName: name };
  },
};

// Re-exported for those who built a console sender from here (tests/support/scheduler-process.ts).
export { createConsoleSender, renderNotification } from "./console-adapter.js";

export interface ConsoleSessionOptions {
  core: Core;
  db: Db;
  /** The clock the core reads: `.clock` moves it. */
  clock: SettableClock;
  /** Who speaks before any `as NAME`. */
  defaultUser: string;
  /** The zone of the firm bound to the console workspace, if any (`.clock` reads times in it). */
  firmZone: () => Promise<string | undefined>;
  /** DIGEST_CRON, for `.run digest` (default: Monday 08:00 in each firm's zone). */
  digestCron?: string;
  /** EXPORT_DIR: where packets and exports are saved (default ./exports). */
  exportDir?: string;
}

export interface ConsoleSession {
  /** One input line → the lines to print (the reply, then the notifications it caused). */
  handleLine(line: string): Promise<string[]>;
  /** Delivers pending notifications to console users and returns them rendered. */
  flushNotifications(): Promise<string[]>;
  /** The console user name commands are said as. */
  readonly user: string;
  /** True once `exit` or `quit` was read. */
  readonly finished: boolean;
}

const CLOCK_USAGE = ".clock [2026-12-07T08:00 | now]";
const DOT_COMMANDS = `${CLOCK_USAGE}, .run alerts|digest`;
const RUN_USAGE = ".run alerts | .run digest";

const formatInstant = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");

export const createConsoleSession = (options: ConsoleSessionOptions): ConsoleSession => {
  const { core, db, clock } = options;
  let user = options.defaultUser;
  let finished = false;
  let collected: string[] = [];
  const adapter = createConsoleAdapter({
    print: (lines) => collected.push(...lines),
    exportDir: options.exportDir,
  });
  const sender = adapter.sender;

  const zone = async (): Promise<string> => (await options.firmZone()) ?? "UTC";
  /**
   * A wall time `.clock` was given before any firm named a zone. The speaker will have the firm's
   * zone once `setup` runs, so it is read again in that zone then (UTC meanwhile): `.clock
   * 2026-12-07T08:00` then `setup … tz:America/Chicago` is 08:00 in Chicago, not 02:00.
   */
  let wallTimeBeforeSetup: string | undefined;

  const clockLine = async (): Promise<string> => {
    const z = await zone();
    const pinned = clock.pinned();
    if (pinned && wallTimeBeforeSetup !== undefined) {
      return `Clock: ${wallTimeBeforeSetup.slice(0, 16)}, set by .clock; it is read in the firm's zone once setup names one (UTC until then).`;
    }
    return pinned
      ? `Clock: ${formatInstant(pinned, z)} (${z}), set by .clock; .clock now returns to real time.`
      : `Clock: ${formatInstant(clock.now(), z)} (${z}), real time.`;
  };

  /** After a command: once a firm exists, the wall time set before it is read in the firm's zone. */
  const rereadWallTime = async (): Promise<string[]> => {
    if (wallTimeBeforeSetup === undefined) return [];
    const firmZone = await options.firmZone();
    if (!firmZone) return [];
    const wall = DateTime.fromISO(wallTimeBeforeSetup, { zone: firmZone });
    wallTimeBeforeSetup = undefined;
    if (!wall.isValid) return [];
    clock.set(wall.toJSDate());
    return [await clockLine()];
  };

  const setClock = async (arg: string): Promise<string[]> => {
    if (arg === "") return [await clockLine()];
    if (arg.toLowerCase() === "now") {
      clock.set(undefined);
      wallTimeBeforeSetup = undefined;
      return [await clockLine()];
    }
    const refused = await consoleClockRefusal(db);
    if (refused) {
      return [
        `Error: .clock is refused: ${refused}. To try things at other times, use a database of your own (another DATA_DIR or DATABASE_URL).`,
      ];
    }
    // An offset or Z in the text wins; otherwise the wall time is read in the firm's zone.
    const text = arg.replace(" ", "T");
    const firmZone = await options.firmZone();
    const parsed = DateTime.fromISO(text, { zone: firmZone ?? "UTC" });
    if (!parsed.isValid) {
      return [`Error: I could not read "${arg.slice(0, 40)}" as a time.`, `Usage: ${CLOCK_USAGE}`];
    }
    clock.set(parsed.toJSDate());
    const offsetGiven = /T[\d:.,]+(?:z|[+-]\d\d(?::?\d\d)?)$/i.test(text);
    wallTimeBeforeSetup =
      firmZone || offsetGiven ? undefined : (parsed.toISO({ includeOffset: false }) ?? undefined);
    return [await clockLine()];
  };

  /**
   * A clock pinned while the database served the console alone goes back to real time once a firm
   * here is bound to Slack or Teams (another process may have bound one meanwhile).
   */
  const realTimeIfShared = async (): Promise<string[]> => {
    if (!clock.pinned()) return [];
    const refused = await consoleClockRefusal(db);
    if (!refused) return [];
    clock.set(undefined);
    return [`The clock is back to real time: ${refused}.`];
  };

  const flushNotifications = async (): Promise<string[]> => {
    await deliverPending(db, [sender], { now: clock.now() });
    const out = collected;
    collected = [];
    return out;
  };

  /** `.run alerts` / `.run digest`: the scheduled job, now, on the console's clock; then what it sent. */
  const runJob = async (job: string): Promise<string[]> => {
    const now = clock.now();
    let summary: string;
    if (job === "alerts") {
      const r = await runAlerts({ db }, now);
      summary =
        r.alerts === 0
          ? "Alerts: nothing new is due."
          : `Alerts: ${r.alerts} due, ${r.notifications} message${r.notifications === 1 ? "" : "s"} queued${
              r.held > 0 ? ` (${r.held} held until the recipient's working hours)` : ""
            }.`;
    } else if (job === "digest") {
      const posted = await runDigest(
        { db },
        now,
        options.digestCron ? { digestCron: options.digestCron } : {},
      );
      summary =
        posted.length === 0
          ? "Digest: nothing to post (the latest week's digest was already posted, or no channel was chosen with digest here)."
          : `Digest: ${posted.map((p) => `${p.week}${p.late ? " (late)" : ""}`).join(", ")} posted.`;
    } else {
      return [`Error: There is no job called ${job.slice(0, 20) || "(none)"}.`, `Usage: ${RUN_USAGE}`];
    }
    return [summary, ...(await flushNotifications())];
  };

  /** The file delivered privately (saved under EXPORT_DIR), and the line that says where. */
  const savedLines = async (speaker: Speaker, file: ViewFile): Promise<string[]> => {
    const lines: string[] = [];
    await createConsoleAdapter({ print: (l) => lines.push(...l), exportDir: options.exportDir }).deliverFile(
      speaker,
      file,
    );
    return lines;
  };

  const command = async (text: string): Promise<string[]> => {
    const speaker = consoleSpeaker(user);
    const view = await core.handle({ speaker, text, directory: consoleDirectory });
    const saved = view.file ? await savedLines(speaker, view.file) : [];
    return [...renderText(view), ...saved, ...(await flushNotifications()), ...(await rereadWallTime())];
  };

  return {
    get user() {
      return user;
    },
    get finished() {
      return finished;
    },
    flushNotifications,
    async handleLine(raw) {
      const line = raw.trim();
      if (line === "" || line.startsWith("#") || finished) return [];
      const lower = line.toLowerCase();
      if (lower === "exit" || lower === "quit") {
        finished = true;
        return [];
      }
      const as = /^as(?:\s+(.*))?$/i.exec(line);
      if (as) {
        // A name with spaces in quotes, as `team add @"Mary Ann"` takes it: as "Mary Ann", as @"Mary Ann".
        const given = (as[1] ?? "").trim().replace(/^@/, "");
        const quoted = /^["“”](.*)["“”]$/u.exec(given);
        const name = (quoted ? (quoted[1] ?? "") : given).trim().replace(/\s+/g, " ");
        if (
          !/^[\p{L}\p{N}._-]+(?: [\p{L}\p{N}._-]+)*$/u.test(name) ||
          name.length > 64 ||
          (!quoted && name.includes(" "))
        ) {
          return [
            'Error: Say who to speak as: one name, or a name with spaces in quotes (as "Mary Ann").',
            'Usage: as NAME | as "FIRST LAST"',
          ];
        }
        user = name;
        return [`Speaking as ${name}.`];
      }
      if (line.startsWith(".")) {
        const [word = "", ...rest] = line.split(/\s+/);
        if (word.toLowerCase() === ".clock") return setClock(rest.join(" "));
        if (word.toLowerCase() === ".run")
          return [...(await realTimeIfShared()), ...(await runJob(rest.join(" ").toLowerCase()))];
        return [`Error: Unknown console command ${word.slice(0, 20)}. Console commands: ${DOT_COMMANDS}.`];
      }
      return [...(await realTimeIfShared()), ...(await command(line))];
    },
  };
};
