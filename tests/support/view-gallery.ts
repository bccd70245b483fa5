import { runAlerts } from "../../src/jobs/run-alerts.js";
import { runDigest } from "../../src/jobs/run-digest.js";
import type { View } from "../../src/views/view.js";
import { createHarness, type Harness, seedFirm } from "./core-harness.js";

/**
 * Every kind of view the app really produces, made by the real core on a real database: replies
 * to each command (successes, refusals, usage errors, form field errors), long lists that page,
 * the longest texts a command accepts, every notification the outbox queues (assignments,
 * submissions, decisions, questions, deadline alerts, the weekly digest) and each person's Home.
 * Renderer checks (Block Kit, Adaptive Cards) run over all of them.
 */
export interface Gallery {
  /** name (what was said, or the notification kind) → view. */
  views: { name: string; view: View }[];
  /** Home pages, one per kind of person. */
  homes: { name: string; views: View[] }[];
}

/** The longest title and notes `assign` accepts (200 and about 3,000 characters), with markup in them. */
const LONG_TITLE = `Review <the> production & set for *privilege* ${"x".repeat(200)}`.slice(0, 200);
const LONG_NOTES = `Check every exhibit <b>&amp; *bold* _it_ <!channel> <@U123> ${"x".repeat(2900)}`;

const say = async (h: Harness, views: Gallery["views"], user: string, text: string) => {
  views.push({ name: `${user}: ${text.slice(0, 80)}`, view: await h.say(user, text) });
};

const buildGallery = async (): Promise<Gallery> => {
  const h = await createHarness({ now: "2026-12-01T14:00:00Z" });
  const views: Gallery["views"] = [];
  const homes: Gallery["homes"] = [];
  homes.push({ name: "unbound", views: await h.core.home(h.speaker("alice")) });
  await say(h, views, "alice", "list");
  await seedFirm(h);

  // Tasks in every state, with the longest title and notes a command line takes.
  const assign = (who: string, title: string, extra = "") =>
    say(h, views, "bob", `assign @${who} "${title}" matter:M-1 due:"2026-12-04 17:00" est:2h ${extra}`);
  await assign("maria", LONG_TITLE, `notes:"${LONG_NOTES}"`);
  for (let i = 2; i <= 8; i++) await assign("maria", `Task ${i} <with> & 'symbols' <!here>`);
  await say(h, views, "maria", "show T-1");
  await say(h, views, "maria", "start T-1");
  await say(h, views, "maria", `submit T-1 "${"https://dms.example/doc ".repeat(100)}" spent:2h`);
  await say(h, views, "bob", "show T-1");
  await say(h, views, "bob", `changes T-1 "${"Cite the 2019 ruling. ".repeat(150)}" reason:citation`);
  await say(h, views, "maria", "start T-1");
  await say(h, views, "maria", 'submit T-1 "second draft"');
  await say(h, views, "bob", `approve T-1 "${"Good. ".repeat(500)}"`);
  await say(h, views, "maria", "start T-2");
  await say(h, views, "maria", 'submit T-2 "done"');
  await say(h, views, "alice", "team add @sam role:professional nda:2026-01-15");
  await say(h, views, "bob", "reassign T-3 @sam");
  await say(h, views, "bob", 'due T-4 "2026-12-10 17:00"');
  await say(h, views, "bob", 'cancel T-5 "no longer needed"');

  // Enough tasks that lists page ("More: …").
  for (let i = 9; i <= 70; i++) await assign("maria", `Bulk task ${i}`);
  for (const text of ["list", "list mine", "list review", "list overdue", "list all", "list all page:2"]) {
    await say(h, views, "bob", text);
  }
  await say(h, views, "maria", "list");

  // Everything else a person can be answered.
  const more: [string, string][] = [
    ["alice", "help"],
    ["alice", "help assign"],
    ["alice", "team list"],
    ["alice", "hours"],
    ["alice", "hours last"],
    ["alice", "audit T-1"],
    ["alice", "audit @maria"],
    ["alice", "outbox"],
    ["alice", "link"],
    ["alice", "digest here"],
    ["alice", "firm set alerts:24h,2h rate:320"],
    ["alice", "team set @dev active:no"],
    ["alice", "assign"],
    ["alice", "approve T-999"],
    ["alice", "frobnicate"],
    ["bob", 'assign @dev "No NDA" matter:M-1 due:"2026-12-04 17:00"'],
    ["bob", 'assign @maria "Late" matter:M-1 due:"yesterday"'],
    ["maria", "approve T-2"],
    ["maria", "show T-999"],
    ["dev", "list"],
    ["stranger", "list"],
  ];
  for (const [user, text] of more) await say(h, views, user, text);
  views.push({
    name: "assign form with field errors",
    view: await h.core.handle({
      kind: "form",
      speaker: h.speaker("bob"),
      form: { kind: "assign", values: { title: "", matter: "M-404", due: "yesterday", est: "lots" } },
    }),
  });
  views.push({
    name: "stale button",
    view: await h.click("bob", { action: "approve", task: 2, version: 1 }),
  });

  // Deadline alerts and the weekly digest, as the jobs queue them.
  h.clock.set("2026-12-05T15:00:00Z");
  await runAlerts({ db: h.database.db, logger: h.deps.logger }, h.clock.now());
  h.clock.set("2026-12-07T13:05:00Z");
  await runDigest({ db: h.database.db }, h.clock.now());
  const queued = await h.database.query<{ kind: string; payload: View | string }>(
    "select kind, payload from outbox order by id",
  );
  for (const row of queued) {
    views.push({
      name: `notification ${row.kind}`,
      view: typeof row.payload === "string" ? (JSON.parse(row.payload) as View) : row.payload,
    });
  }

  for (const user of ["alice", "bob", "maria", "dev", "stranger"]) {
    homes.push({ name: user, views: await h.core.home(h.speaker(user)) });
  }
  return { views, homes };
};

let built: Promise<Gallery> | undefined;

/** Built once per test worker (the views are plain data; every file that checks them shares one). */
export const viewGallery = (): Promise<Gallery> => {
  built ??= buildGallery();
  built.catch(() => {
    built = undefined;
  });
  return built;
};
