import { Writable } from "node:stream";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createCore } from "../../src/commands/dispatch.js";
import { createHarness, seedFirm } from "../support/core-harness.js";

describe("logs", () => {
  it("never carry task titles, instructions, notes or comments, whatever happens", async () => {
    const h = await createHarness();
    await seedFirm(h);
    let logged = "";
    const sink = new Writable({
      write(chunk, _enc, done) {
        logged += String(chunk);
        done();
      },
    });
    const core = createCore({ db: h.database.db, clock: h.clock, logger: pino({ level: "trace" }, sink) });
    const say = (user: string, text: string) => core.handle({ speaker: h.speaker(user), text });
    const secret = "Jones-privileged-settlement";
    await say("bob", `assign @maria "${secret} title" matter:M-1 due:"fri 5pm" notes:"${secret} notes"`);
    await say("maria", `submit T-1 "${secret} link"`);
    await say("bob", `changes T-1 "${secret} fix"`);
    await say("bob", `assign @maria "${secret}" matter:M-404 due:"fri 5pm"`);
    await say("maria", `${secret} is not a command`);
    expect(logged).toContain('"cmd":"assign"');
    expect(logged).toContain('"refused":"not_found"');
    expect(logged).not.toContain(secret);
  });
});
