import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { outbox, people } from "../../db/schema.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, sayOk, textOf } from "../support/core-harness.js";

/** Replies read aloud: counts agree with their noun, and a name ending in a full stop gets no second one. */
describe("reply wording", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    await sayOk(h, "alice", 'setup firm:"Harper, Quinn & Co." tz:America/Chicago rate:300');
  });

  it("counts people and matters with the right noun", async () => {
    expect((await sayOk(h, "alice", "team list")).title).toBe("Harper, Quinn & Co.: 1 person");
    await sayOk(h, "alice", "team add @bob role:attorney");
    expect((await sayOk(h, "alice", "team list")).title).toBe("Harper, Quinn & Co.: 2 people");
    await sayOk(h, "alice", 'matter add M-1 "Smith v. Jones"');
    expect((await sayOk(h, "alice", "matter list")).title).toBe("Harper, Quinn & Co.: 1 matter");
  });

  it("ends a sentence after a firm name ending in a full stop once", async () => {
    const unknown = await h.say("alice", "team set @nobody active:no");
    expect(unknown.lines[0]).toBe(
      "I don't know @nobody at Harper, Quinn & Co. An admin can add them with: team add @nobody role:professional",
    );
    const again = await h.say("alice", 'setup firm:"Other" tz:UTC rate:1');
    expect(again.lines[0]).toBe("This workspace already belongs to Harper, Quinn & Co.");
  });

  it("joins a cancel's reason as its own sentence", async () => {
    await sayOk(h, "alice", "team add @bob role:attorney");
    await sayOk(h, "alice", "team add @maria role:professional nda:2026-01-01");
    await sayOk(h, "alice", 'matter add M-1 "Smith v. Jones"');
    await sayOk(h, "bob", 'assign @maria "Review" matter:M-1 due:"fri 5pm"');
    await sayOk(h, "bob", 'cancel T-1 "Client withdrew"');
    const [maria] = await h.database.db.select().from(people).where(eq(people.displayName, "maria"));
    const [notice] = await h.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.personId, maria?.id ?? ""), eq(outbox.kind, "task.cancelled")));
    expect(textOf(notice?.payload as View)).toContain(
      "bob cancelled T-1. Reason: Client withdrew. No further work is needed.",
    );
  });
});

/** Zones as the places people say (Manila, Chicago), never GMT+8; a new firm zone says who keeps theirs. */
describe("zones in replies", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness({ now: "2026-12-01T14:00:00Z" });
  });

  it("names the firm's, a person's and a changed zone by city", async () => {
    const setup = await sayOk(h, "alice", 'setup firm:"Harper" tz:America/Chicago rate:300');
    expect(setup.lines[0]).toBe(
      "You are its admin. The firm runs on Chicago time (America/Chicago), default rate 300/h.",
    );
    await sayOk(h, "alice", "team add @maria role:professional tz:Asia/Manila nda:2026-01-01 days:sun-thu");
    const team = textOf(await sayOk(h, "alice", "team list"));
    expect(team).toContain("maria · professional · Manila time, 09:00-18:00 Sunday to Thursday");
    expect(team).toContain("alice · admin · Chicago time, 09:00-18:00 Monday to Friday");
    expect(team).not.toMatch(/GMT[+-]|Asia\/|America\//);
    expect((await sayOk(h, "alice", "team set @maria tz:Asia/Kolkata")).lines[0]).toBe(
      "Updated maria: time zone Kolkata (was Manila).",
    );
  });

  it("firm set tz: says that people keep their own zones, and how to move them", async () => {
    await sayOk(h, "alice", 'setup firm:"Harper" tz:America/Chicago rate:300');
    await sayOk(h, "alice", "team add @bob role:attorney");
    await sayOk(h, "alice", "team add @maria role:professional tz:Asia/Manila nda:2026-01-01");
    const moved = await sayOk(h, "alice", "firm set tz:America/New_York");
    expect(moved.lines).toEqual([
      "Firm settings updated: time zone New York.",
      "The firm now runs on New York time (was Chicago time): its weeks, court days and digest follow it, and people added from now on start in it.",
      "People keep their own time zones: 3 people on the team work on another. To move someone: team set @name tz:America/New_York",
    ]);
    await sayOk(h, "alice", "team add @carol role:attorney");
    expect((await sayOk(h, "alice", "team list")).items?.map((i) => i.text)).toContain(
      "carol · attorney · New York time, 09:00-18:00 Monday to Friday",
    );
    await sayOk(h, "alice", "firm set tz:America/Chicago");
    await sayOk(h, "alice", "team set @carol tz:America/Chicago");
    const back = await sayOk(h, "alice", "firm set tz:Asia/Manila");
    expect(back.lines[2]).toBe(
      "People keep their own time zones: 3 people on the team work on another. To move someone: team set @name tz:Asia/Manila",
    );
  });
});

describe("firm set says what changed, in words", () => {
  it("names each setting with its new value, never a column name", async () => {
    const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
    expect((await h.say("alice", 'setup firm:"Harper" tz:America/Chicago rate:300')).tone).toBe("success");
    const v = await h.say(
      "alice",
      "firm set alerts:24h,2h est.document_review:3h est.legal_research:90m ack-within:4h rate:350 markup-limit:3 holidays:none",
    );
    expect(v.lines[0]).toBe(
      "Firm settings updated: default rate 350/h; reminders 24h and 2h before a due time; attorney time saved by default: document review 3h, legal research 1.5h; acknowledgement within 4h; no public holidays; markup limit 3×.",
    );
    expect(v.lines[0]).not.toMatch(/[a-z][A-Z]|=|_/);
    expect((await h.say("alice", "firm set alerts:none")).lines[0]).toBe(
      "Firm settings updated: no reminders before due times.",
    );
  });
});
