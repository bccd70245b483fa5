import { beforeAll, describe, expect, it } from "vitest";
import type { ConsoleSession } from "../../adapters/console/console-session.js";
import type { SettableClock } from "../../adapters/console/settable-clock.js";
import { openConsoleSession } from "../support/console-harness.js";

describe("console session", () => {
  let clock: SettableClock;
  let session: ConsoleSession;

  beforeAll(async () => {
    ({ clock, session } = await openConsoleSession());
  });

  it("keeps a .clock wall time set before setup, in UTC until a firm names its zone", async () => {
    expect(await session.handleLine(".clock 2026-12-07T08:00")).toEqual([
      "Clock: 2026-12-07T08:00, set by .clock; it is read in the firm's zone once setup names one (UTC until then).",
    ]);
    expect(clock.now().toISOString()).toBe("2026-12-07T08:00:00.000Z");
    expect(await session.handleLine(".clock")).toEqual([
      "Clock: 2026-12-07T08:00, set by .clock; it is read in the firm's zone once setup names one (UTC until then).",
    ]);
  });

  it("sets up the firm as the default user, who becomes its admin, and reads that clock in the firm's zone", async () => {
    const out = await session.handleLine('setup firm:"Smith & Lee LLP" tz:America/New_York rate:300');
    expect(out[0]).toBe("Smith & Lee LLP is set up");
    expect(out[1]).toMatch(/^You are its admin\./);
    // 08:00 as typed, now in New York: not 03:00 (08:00 UTC).
    expect(out.at(-1)).toBe(
      "Clock: 2026-12-07T08:00-05:00 (America/New_York), set by .clock; .clock now returns to real time.",
    );
    expect(clock.now().toISOString()).toBe("2026-12-07T13:00:00.000Z");
    // Only once: later commands leave the clock alone.
    expect(await session.handleLine("team list")).not.toContain(out.at(-1));
  });

  it("reads .clock without an offset in the firm's zone, with one as given", async () => {
    expect(await session.handleLine(".clock 2026-12-07T08:00")).toEqual([
      "Clock: 2026-12-07T08:00-05:00 (America/New_York), set by .clock; .clock now returns to real time.",
    ]);
    expect(clock.now().toISOString()).toBe("2026-12-07T13:00:00.000Z");
    await session.handleLine(".clock 2026-12-07T08:00+08:00");
    expect(clock.now().toISOString()).toBe("2026-12-07T00:00:00.000Z");
    await session.handleLine(".clock 2026-12-07 08:00Z");
    expect(clock.now().toISOString()).toBe("2026-12-07T08:00:00.000Z");
    expect(await session.handleLine(".clock")).toEqual([
      "Clock: 2026-12-07T03:00-05:00 (America/New_York), set by .clock; .clock now returns to real time.",
    ]);
  });

  it("returns to real time with .clock now, and refuses a time it cannot read", async () => {
    const [line] = await session.handleLine(".clock now");
    expect(line).toMatch(
      /^Clock: \d{4}-\d\d-\d\dT\d\d:\d\d[-+]\d\d:\d\d \(America\/New_York\), real time\.$/,
    );
    expect(clock.pinned()).toBeUndefined();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(5_000);
    expect(await session.handleLine(".clock next tuesday")).toEqual([
      'Error: I could not read "next tuesday" as a time.',
      "Usage: .clock [2026-12-07T08:00 | now]",
    ]);
    expect(clock.pinned()).toBeUndefined();
  });

  it("answers an unknown dot command with one line listing the dot commands", async () => {
    expect(await session.handleLine(".jump 3d")).toEqual([
      "Error: Unknown console command .jump. Console commands: .clock [2026-12-07T08:00 | now], .run alerts|digest.",
    ]);
  });

  it("ignores blank lines and # comments", async () => {
    expect(await session.handleLine("")).toEqual([]);
    expect(await session.handleLine("   ")).toEqual([]);
    expect(await session.handleLine("# as bob, approve everything")).toEqual([]);
    expect(session.user).toBe("alice");
  });

  it("speaks as another console user with `as`; an unknown name is an unknown chat user", async () => {
    expect(await session.handleLine("as Bob")).toEqual(["Speaking as Bob."]);
    expect(session.user).toBe("Bob");
    const out = await session.handleLine("list");
    expect(out).toEqual([
      "You are not on Smith & Lee LLP's Delegate team yet.",
      "Ask an admin of your firm to add you (team add @you role:professional); then type help.",
    ]);
    const refused = [
      'Error: Say who to speak as: one name, or a name with spaces in quotes (as "Mary Ann").',
      'Usage: as NAME | as "FIRST LAST"',
    ];
    expect(await session.handleLine("as")).toEqual(refused);
    expect(await session.handleLine("as Mary Ann")).toEqual(refused);
    expect(await session.handleLine('as ""')).toEqual(refused);
  });

  it('speaks as a name with spaces in quotes, as team add @"Mary Ann" takes it', async () => {
    await session.handleLine("as alice");
    expect((await session.handleLine('team add @"Mary Ann" role:attorney'))[0]).toBe(
      "Added Mary Ann as attorney.",
    );
    expect(await session.handleLine('as "Mary Ann"')).toEqual(["Speaking as Mary Ann."]);
    expect(session.user).toBe("Mary Ann");
    expect((await session.handleLine("list"))[0]).toBe("Your open tasks");
    expect(await session.handleLine('as @"Mary Ann"')).toEqual(["Speaking as Mary Ann."]);
  });

  it("prints the notifications a command causes right after its reply", async () => {
    await session.handleLine(".clock 2026-12-07T08:00");
    await session.handleLine("as alice");
    for (const line of [
      "team add @bob role:attorney rate:350",
      "team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 nda:2026-01-15 nda-expires:2027-01-15 cost:25",
      'matter add M-2024-118 "Smith v. Jones"',
    ]) {
      const [first] = await session.handleLine(line);
      expect(first).not.toMatch(/^Error/);
    }
    // Bob was an unknown user a moment ago; now the same name is a known attorney.
    await session.handleLine("as bob");
    const out = await session.handleLine(
      'assign @maria "Review exhibits" matter:M-2024-118 due:"2026-12-08 20:00"',
    );
    expect(out[0]).toBe(
      "Assigned T-1 to maria on M-2024-118, due Tue 8 Dec 2026, 8:00 PM EST (Wed 9 Dec 2026, 9:00 AM Manila time for maria).",
    );
    const notice = out.findIndex((l) => l.startsWith("→ @"));
    expect(notice).toBeGreaterThan(0);
    expect(out.slice(notice)).toContain("→ @maria: T-1 · Review exhibits");
    expect(out.slice(notice + 1).every((l) => l.startsWith("    "))).toBe(true);
    expect(out).toContain("    bob assigned you T-1.");
    expect(out).toContain('      → ack T-1 · start T-1 · submit T-1 · ask T-1 "question"');
    // Delivered once: nothing left for the next flush.
    expect(await session.flushNotifications()).toEqual([]);

    await session.handleLine("as maria");
    const started = await session.handleLine("start T-1");
    expect(started[0]).toMatch(/^Started T-1/);
  });

  it("stops reading at exit", async () => {
    expect(await session.handleLine("quit")).toEqual([]);
    expect(session.finished).toBe(true);
    expect(await session.handleLine("list")).toEqual([]);
  });
});
