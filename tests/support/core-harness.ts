import pino from "pino";
import { expect } from "vitest";
import type { Database } from "../../db/client.js";
import { type Core, createCore } from "../../src/commands/dispatch.js";
import type { ButtonPayload } from "../../src/domain/command.js";
import type { Platform } from "../../src/domain/vocabulary.js";
import type { Clock, Deps, Directory, Speaker } from "../../src/services/deps.js";
import type { View } from "../../src/views/view.js";
import { resetDatabase, testDatabase } from "./test-database.js";

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(private current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
}

/** Every table's row count, to prove that a refused command changed nothing. */
export const rowCounts = async (database: Database): Promise<Record<string, number>> => {
  const tables = await database.query<{ tablename: string }>(
    "select tablename from pg_tables where schemaname = 'public' order by tablename",
  );
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [row] = await database.query<{ n: number }>(`select count(*)::int as n from "${tablename}"`);
    counts[tablename] = row?.n ?? -1;
  }
  return counts;
};

/** Plain text of a view: what a person would read, for assertions. */
export const textOf = (v: View): string =>
  [
    v.title,
    ...v.lines,
    ...(v.fields ?? []).map((f) => `${f.label}: ${f.value}`),
    ...(v.items ?? []).map((i) => i.text),
  ]
    .filter(Boolean)
    .join("\n");

let workspaceCounter = 0;

export interface Harness {
  database: Database;
  core: Core;
  clock: TestClock;
  deps: Deps;
  /** A fresh workspace id, so tests in one file do not share a firm. */
  workspace: string;
  speaker(user: string, extra?: Partial<Speaker>): Speaker;
  say(user: string, text: string, extra?: Partial<Speaker>): Promise<View>;
  click(user: string, button: ButtonPayload): Promise<View>;
}

/** Names resolve to themselves, as the console does; Slack and Teams tests bring their own. */
const nameDirectory: Directory = {
  lookup: async (ref) => {
    const name = ref.name ?? ref.id;
    return name ? { userId: name.toLowerCase(), displayName: name } : undefined;
  },
};

export const createHarness = async (
  options: { now?: string; platform?: Platform; directory?: Directory; logger?: Deps["logger"] } = {},
): Promise<Harness> => {
  const database = await testDatabase();
  // Each test starts from empty tables, so tests never depend on one another.
  await resetDatabase(database);
  const clock = new TestClock(new Date(options.now ?? "2026-12-01T14:00:00Z"));
  const deps: Deps = { db: database.db, clock, logger: options.logger ?? pino({ level: "silent" }) };
  const core = createCore(deps);
  const platform = options.platform ?? "console";
  const workspace = `ws-${process.pid}-${++workspaceCounter}`;
  const speaker = (user: string, extra: Partial<Speaker> = {}): Speaker => ({
    platform,
    workspaceId: workspace,
    userId: user.toLowerCase(),
    userName: user,
    channelId: "C-general",
    ...extra,
  });
  return {
    database,
    core,
    clock,
    deps,
    workspace,
    speaker,
    say: (user, text, extra) =>
      core.handle({ speaker: speaker(user, extra), text, directory: options.directory ?? nameDirectory }),
    click: (user, button) => core.handle({ kind: "click", speaker: speaker(user), button }),
  };
};

/** Says a command that must succeed: an error reply fails the test with what was said and answered. */
export const sayOk = async (h: Harness, who: string, text: string): Promise<View> => {
  const v = await h.say(who, text);
  expect(v.tone, `${who}: ${text}: ${v.lines.join(" ")}`).not.toBe("error");
  return v;
};

/**
 * A small firm in New York: alice (admin), bob (attorney, rate 400), maria (offshore
 * professional in Manila, NDA on file, cost 25), dev (professional, no NDA), and matter
 * M-1 "Smith v. Jones". Built through commands, as a firm would.
 */
export const seedFirm = async (h: Harness): Promise<void> => {
  const steps: [string, string][] = [
    ["alice", 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300'],
    ["alice", "team add @bob role:attorney rate:400"],
    ["alice", "team add @carol role:attorney"],
    [
      "alice",
      'team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 days:mon-fri delivery:offshore provider:"Acme LPO" nda:2026-01-15 nda-expires:2027-01-15 cost:25',
    ],
    ["alice", "team add @dev role:professional tz:America/Bogota cost:30"],
    ["alice", 'matter add M-1 "Smith v. Jones" client:"Smith" area:litigation'],
    ["alice", 'matter add M-2 "Estate of Brown" area:probate'],
  ];
  for (const [user, text] of steps) {
    const view = await h.say(user, text);
    if (view.tone === "error") throw new Error(`seed step failed: ${text}: ${view.lines.join(" ")}`);
  }
};
