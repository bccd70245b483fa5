import { Readable, Writable } from "node:stream";
import { desc } from "drizzle-orm";
import pino from "pino";
import { beforeEach, describe, expect, it } from "vitest";
import type { ConsoleSession } from "../../adapters/console/console-session.js";
import { runConsole } from "../../adapters/console/run-console.js";
import type { SettableClock } from "../../adapters/console/settable-clock.js";
import type { Database } from "../../db/client.js";
import { auditEvents } from "../../db/schema.js";
import { createCore } from "../../src/commands/dispatch.js";
import type { Platform } from "../../src/domain/vocabulary.js";
import { systemClock } from "../../src/services/deps.js";
import { openConsoleSession } from "../support/console-harness.js";
import { resetDatabase } from "../support/test-database.js";

/** Another firm on the same database, set up from a Slack workspace or a Teams tenant. */
const bindChatFirm = async (database: Database, platform: Platform) => {
  const core = createCore({ db: database.db, clock: systemClock, logger: pino({ level: "silent" }) });
  const view = await core.handle({
    speaker: { platform, workspaceId: `${platform}-workspace`, userId: "U1", userName: "pat" },
    text: 'setup firm:"Chat LLP" tz:UTC rate:100',
  });
  expect(view.tone).toBe("success");
};

const REFUSED_SLACK =
  "Error: .clock is refused: a firm on this database uses Slack, and its audit trail must carry real times. To try things at other times, use a database of your own (another DATA_DIR or DATABASE_URL).";

describe("the console's .clock forges no audit times on a database Slack or Teams uses", () => {
  let database: Database;
  let clock: SettableClock;
  let session: ConsoleSession;

  beforeEach(async () => {
    ({ database, clock, session } = await openConsoleSession());
    await resetDatabase(database);
    for (const line of [
      'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
      "team add @bob role:attorney",
      "team add @maria role:professional nda:2026-01-15 nda-expires:2030-01-15",
      'matter add M-1 "Smith v. Jones"',
    ]) {
      expect((await session.handleLine(line))[0]).not.toMatch(/^Error/);
    }
  });

  it("works on a database only the console uses", async () => {
    expect(await session.handleLine(".clock 2027-03-01T10:00")).toEqual([
      "Clock: 2027-03-01T10:00-05:00 (America/New_York), set by .clock; .clock now returns to real time.",
    ]);
  });

  it("is refused once any firm is bound to Slack, and the next events carry real times", async () => {
    await bindChatFirm(database, "slack");
    expect(await session.handleLine(".clock 2027-03-01T10:00")).toEqual([REFUSED_SLACK]);
    expect(clock.pinned()).toBeUndefined();
    // Showing the clock and going back to real time stay allowed.
    expect((await session.handleLine(".clock"))[0]).toMatch(/, real time\.$/);
    await session.handleLine("as bob");
    const before = Date.now();
    const [assigned] = await session.handleLine(
      'assign @maria "Review exhibits" matter:M-1 due:"tomorrow 5pm"',
    );
    expect(assigned).toMatch(/^Assigned T-1 to maria/);
    const [latest] = await database.db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(1);
    expect(latest?.action).toBe("task.assigned");
    expect(latest?.at.getTime()).toBeGreaterThanOrEqual(before);
  });

  it("goes back to real time when a firm is bound to Teams while the clock is set", async () => {
    expect((await session.handleLine(".clock 2027-03-01T10:00"))[0]).toMatch(/set by \.clock/);
    await bindChatFirm(database, "teams");
    const out = await session.handleLine("list");
    expect(out[0]).toBe(
      "The clock is back to real time: a firm on this database uses Microsoft Teams, and its audit trail must carry real times.",
    );
    expect(clock.pinned()).toBeUndefined();
    expect((await session.handleLine(".run alerts"))[0]).toMatch(/^Alerts:/);
  });

  it("does not load the demo firm, which backdates its history, into such a database", async () => {
    await resetDatabase(database);
    await bindChatFirm(database, "slack");
    let printed = "";
    await runConsole({
      db: database.db,
      logger: pino({ level: "silent" }),
      demo: true,
      input: Readable.from([]),
      output: new Writable({
        write(chunk, _enc, done) {
          printed += String(chunk);
          done();
        },
      }),
      interactive: false,
    });
    expect(printed.split("\n")[0]).toBe(
      "The demo firm (its history is backdated) was not loaded: a firm on this database uses Slack, and its audit trail must carry real times.",
    );
    const [{ n } = { n: -1 }] = await database.query<{ n: number }>("select count(*)::int as n from firms");
    expect(n).toBe(1);
  });
});
