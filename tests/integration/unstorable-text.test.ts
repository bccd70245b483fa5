import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents, chatIdentities, firms, matters, people } from "../../db/schema.js";
import { type Core, createCore } from "../../src/commands/dispatch.js";
import type { FormInput } from "../../src/commands/forms.js";
import type { Directory } from "../../src/services/deps.js";
import { createHarness, type Harness, rowCounts, seedFirm } from "../support/core-harness.js";
import { captureLogs } from "../support/log-capture.js";

/*
 * Characters PostgreSQL refuses (NUL anywhere; unpaired surrogates in jsonb) in every free-text
 * field: each gets a reply naming the field, nothing is written, and — with every log line captured
 * at trace level — the text never reaches the log.
 */

const NUL = String.fromCharCode(0);
const HIGH = "\uD800";
const LOW = "\uDC00";
const secret = (ch: string) => `Jones${ch}privileged`;

/** [who, command line, the field the reply must name] */
const commands = (x: string): [string, string, string][] => [
  ["alice", `firm set firm:"${x}"`, "firm name"],
  ["alice", `team add @zed role:professional provider:"${x}"`, "provider"],
  ["alice", `matter add M-9 "${x}"`, "matter title"],
  ["alice", `matter add M-9 "Smith v. Brown" client:"${x}"`, "client"],
  ["alice", `matter add M-9 "Smith v. Brown" area:"${x}"`, "practice area"],
  ["bob", `assign @maria "${x}" matter:M-1 due:"fri 5pm"`, "title"],
  ["bob", `assign @maria "Review exhibits" matter:M-1 due:"fri 5pm" notes:"${x}"`, "notes"],
  ["bob", `assign @maria "Review exhibits" matter:M-1 due:"${x}"`, "due time"],
  ["maria", `submit T-1 "${x}"`, "notes"],
  ["bob", `approve T-1 "${x}"`, "comment"],
  ["bob", `changes T-1 "${x}"`, "description of what to fix"],
  ["bob", `cancel T-1 "${x}"`, "reason"],
  ["alice", `firm set lawyer-only:"${x}"`, "list of lawyer-only phrases"],
  ["alice", `holiday add 2026-12-24 "${x}"`, "holiday name"],
  ["alice", `matter set M-1 title:"${x}"`, "matter title"],
  ["alice", `matter set M-1 consent-ref:"${x}"`, "consent reference"],
  ["maria", `ask T-1 "${x}"`, "question"],
  ["maria", `log T-1 1h "${x}"`, "note"],
  ["bob", `quality provider:"${x}"`, "provider"],
  ["alice", `help ${x}`, "command"],
];

/** [form, the field it must be pinned to, the field's name in the reply] */
const forms = (x: string): [FormInput, string, string][] => [
  [
    { kind: "assign", values: { user: { name: "maria" }, title: x, matter: "M-1", due: "fri 5pm" } },
    "title",
    "title",
  ],
  [
    {
      kind: "assign",
      values: { user: { name: "maria" }, title: "Review", matter: "M-1", due: "fri 5pm", notes: x },
    },
    "notes",
    "notes",
  ],
  [
    { kind: "assign", values: { user: { name: "maria" }, title: "Review", matter: "M-1", due: x } },
    "due",
    "due time",
  ],
  [{ kind: "submit", task: 1, version: 2, values: { notes: x } }, "notes", "notes"],
  [{ kind: "changes", task: 1, version: 3, values: { what: x } }, "what", "description of what to fix"],
];

/** How the reply names the problem, as a pattern. */
const problemOf = (ch: string) =>
  ch === NUL ? "an invisible NUL character" : "a broken character \\(half of an emoji or symbol\\)";

describe("text the database cannot store", () => {
  let h: Harness;
  let core: Core;
  let logged: () => string;

  beforeEach(async () => {
    h = await createHarness();
    await seedFirm(h);
    expect((await h.say("bob", 'assign @maria "Review exhibits" matter:M-1 due:"fri 5pm"')).tone).not.toBe(
      "error",
    );
    const capture = captureLogs();
    logged = capture.logged;
    core = createCore({ ...h.deps, logger: capture.logger });
  });

  it.each([
    ["NUL", NUL],
    ["a lone high surrogate", HIGH],
    ["a lone low surrogate", LOW],
  ])(
    "in any free-text field (%s): a reply naming the field, nothing written, nothing logged",
    async (_, ch) => {
      const x = secret(ch);
      const before = await rowCounts(h.database);
      const unbound = h.speaker("zed", { workspaceId: "ws-unbound" });
      const setup = await core.handle({ speaker: unbound, text: `setup firm:"${x}" tz:UTC rate:100` });
      expect(setup.lines[0]).toBe(
        ch === NUL
          ? "The firm name contains an invisible NUL character, which cannot be saved. Retype it without that character."
          : "The firm name contains a broken character (half of an emoji or symbol), which cannot be saved. Retype it.",
      );
      for (const [user, text, field] of commands(x)) {
        const view = await core.handle({ speaker: h.speaker(user), text });
        expect(view.tone, text).toBe("error");
        expect(view.lines[0], text).toMatch(
          new RegExp(`^The ${field} contains ${problemOf(ch)}, which cannot be saved\\.`),
        );
      }
      for (const [form, field, label] of forms(x)) {
        const view = await core.handle({
          kind: "form",
          speaker: h.speaker(form.kind === "submit" ? "maria" : "bob"),
          form,
        });
        expect(view.tone, JSON.stringify(form)).toBe("error");
        expect(view.fieldErrors?.[field], JSON.stringify(form)).toMatch(
          new RegExp(`^The ${label} contains ${problemOf(ch)}`),
        );
      }
      expect(await rowCounts(h.database)).toEqual(before);
      const logs = logged();
      expect(logs).toContain('"msg":"command refused"');
      expect(logs).not.toMatch(/Jones|privileged/);
      expect(logs).not.toContain("did not work");
    },
  );

  it("refuses NUL in a mention, and repairs half an emoji in a mentioned name", async () => {
    const refused = await core.handle({
      speaker: h.speaker("alice"),
      text: `team add @"${secret(NUL)}" role:attorney`,
    });
    expect(refused.lines[0]).toMatch(
      /^The person's name in that mention contains an invisible NUL character/,
    );
    const form = await core.handle({
      kind: "form",
      speaker: h.speaker("bob"),
      form: {
        kind: "assign",
        values: { user: { name: secret(NUL) }, title: "Review", matter: "M-1", due: "fri 5pm" },
      },
    });
    expect(form.fieldErrors?.user).toMatch(/^The person's name in that mention contains an invisible NUL/);
    const added = await core.handle({
      speaker: h.speaker("alice"),
      text: `team add @"Zoe${HIGH}" role:attorney`,
    });
    expect(added.lines[0]).toBe("Added Zoe\uFFFD as attorney.");
    expect(logged()).not.toMatch(/Jones|privileged/);
  });

  it("repairs a display name with half an emoji from the platform: that person's commands keep working", async () => {
    // A Teams user whose client cut an emoji in half, in a tenant bound to no firm yet.
    const broken = `Ana ${HIGH}`;
    const speaker = h.speaker("ana", {
      platform: "teams",
      workspaceId: "tenant-1",
      userName: broken,
      conversationRef: {
        user: { id: "ana", name: broken },
        serviceUrl: "https://smba.trafficmanager.net/amer/",
      },
    });
    const say = (text: string, directory?: Directory) =>
      core.handle({ speaker, text, ...(directory ? { directory } : {}) });
    expect((await say('setup firm:"Tenant LLP" tz:UTC rate:100')).tone).toBe("success");
    const directory: Directory = {
      lookup: async () => ({ userId: "dev-1", displayName: `Dev${LOW}`, email: `dev${NUL}@x.example` }),
    };
    expect((await say("team add @dev role:attorney", directory)).lines[0]).toBe(
      "Added Dev\uFFFD as attorney.",
    );
    for (const text of ["list", "team list", "audit verify", "hours"]) {
      expect((await say(text)).lines.join(" "), text).not.toMatch(/did not work/);
    }
    const [firm] = await h.database.db.select().from(firms).where(eq(firms.name, "Tenant LLP"));
    const names = await h.database.db
      .select({ name: people.displayName, email: people.email })
      .from(people)
      .where(eq(people.firmId, firm?.id ?? ""));
    expect(names).toEqual(
      expect.arrayContaining([
        { name: "Ana \uFFFD", email: null },
        { name: "Dev\uFFFD", email: null },
      ]),
    );
    const [identity] = await h.database.db
      .select({ ref: chatIdentities.conversationRef })
      .from(chatIdentities)
      .where(eq(chatIdentities.userId, "ana"));
    expect(identity?.ref).toEqual({
      user: { id: "ana", name: "Ana \uFFFD" },
      serviceUrl: "https://smba.trafficmanager.net/amer/",
    });
  });

  it("refuses an identity it cannot use as a key, changing nothing", async () => {
    const before = await rowCounts(h.database);
    const view = await core.handle({
      speaker: h.speaker("x", { userId: `u${NUL}1`, workspaceId: "ws-unbound" }),
      text: 'setup firm:"Nul LLP" tz:UTC rate:100',
    });
    expect(view.lines[0]).toBe(
      "Your chat platform sent an identity Delegate cannot read, so nothing was done. Please tell your admin.",
    );
    expect(await rowCounts(h.database)).toEqual(before);
  });

  it("scrubs database errors in the one logger: class, code and stack frames, no parameters", async () => {
    const [firm] = await h.database.db.select().from(firms);
    const nul = await h.database.db
      .insert(matters)
      .values({ firmId: firm?.id ?? "", number: "M-9", title: secret(NUL) })
      .catch((e: unknown) => e);
    const json = await h.database.db
      .insert(auditEvents)
      .values({ firmId: firm?.id ?? "", at: new Date(), action: "x", detail: { note: secret(HIGH) } })
      .catch((e: unknown) => e);
    for (const e of [nul, json]) {
      // The errors themselves do carry the text: the logger must be what removes it.
      expect(e).toBeInstanceOf(Error);
      expect(`${(e as Error).message} ${String((e as Error).cause)}`).toMatch(/Jones/);
    }
    const { logger, logged: text } = captureLogs();
    logger.error({ err: nul }, "insert failed");
    logger.error(nul);
    logger.warn(json as Error, "jsonb refused");
    logger.child({ component: "x" }).info({ deep: { inner: json } });
    logger.trace({ err: json });
    const lines = text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(text()).not.toMatch(/Jones|privileged|params|insert into/i);
    expect(lines[0]).toMatchObject({
      msg: "insert failed",
      err: { type: expect.any(String), stack: expect.stringMatching(/^\s+at /) },
    });
    expect(lines[1]?.msg).toBe((nul as Error).name);
    expect(JSON.stringify(lines[0])).toMatch(/"code":"22021"|"code":"22P05"/);
  });

  it("logs a database failure of a command without the command's text", async () => {
    // A constraint only this test adds: the database refuses a matter title, and the error quotes it.
    await h.database.query(
      "alter table matters add constraint test_refuses_jones check (title not like 'Jones%')",
    );
    try {
      const view = await core.handle({
        speaker: h.speaker("alice"),
        text: 'matter add M-9 "Jones privileged settlement"',
      });
      expect(view.lines[0]).toMatch(/^Sorry, that did not work on our side \(reference [0-9a-f]{8}\)/);
    } finally {
      await h.database.query("alter table matters drop constraint test_refuses_jones");
    }
    const failed = logged()
      .split("\n")
      .find((l) => l.includes('"msg":"command failed"'));
    expect(failed).toBeDefined();
    // drizzle wraps the driver's error: the SQLSTATE is on its cause.
    expect(JSON.parse(failed ?? "{}")).toMatchObject({
      cmd: "matter add",
      err: { type: "DrizzleQueryError", cause: { code: "23514" } },
    });
    expect(logged()).not.toMatch(/Jones|privileged/);
    // Nothing half-written.
    expect(await h.database.db.select().from(matters).where(eq(matters.number, "M-9"))).toEqual([]);
  });
});
