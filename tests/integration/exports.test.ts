import { createHash } from "node:crypto";
import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { BILLING_COLUMNS, HOURS_COLUMNS } from "../../src/figures/export/export-rows.js";
import { LEDES_FIELDS } from "../../src/figures/export/ledes.js";
import { openConsoleSession } from "../support/console-harness.js";
import { type Harness, rowCounts } from "../support/core-harness.js";
import { csvRecords } from "../support/csv-parse.js";
import { figuresWeek } from "../support/figures-world.js";
import { resetDatabase, testDatabase } from "../support/test-database.js";

/** Exports of 2026-W49 (tests/support/figures-world.ts), read back and checked against the database. */
describe("export hours|billing|ledes", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await figuresWeek();
  });

  const exported = async (text: string) => {
    const view = await h.say("alice", text);
    expect(view.tone, view.lines.join(" ")).toBe("success");
    if (!view.file) throw new Error("no file");
    return { view, file: view.file, text: new TextDecoder().decode(view.file.bytes) };
  };

  /** The database's own account of each approved task: figures, time and rates as frozen. */
  const frozen = () =>
    h.database.query<{
      number: number;
      title: string;
      saved: number;
      review: number;
      rate: string;
      logged: number;
      cost: string;
      billed: string;
    }>(
      `select t.number, t.title, f.saved_minutes as saved, f.review_minutes as review, f.value_rate::text as rate,
              coalesce(sum(a.minutes), 0)::int as logged,
              coalesce(sum(round(round(a.minutes * 100 / 60.0) * a.cost_rate) / 100), 0)::numeric(12,2)::text as cost,
              coalesce(sum(round(round(a.minutes * 100 / 60.0) * a.bill_rate) / 100), 0)::numeric(12,2)::text as billed
         from approved_figures f join tasks t on t.id = f.task_id
         left join approved_time a on a.task_id = f.task_id
        group by t.number, t.title, f.saved_minutes, f.review_minutes, f.value_rate order by t.number`,
    );

  it("hours: one row per approved task with documented columns, matching the frozen figures", async () => {
    const { file, text } = await exported("export hours 2026-W49");
    expect(file.filename).toBe("delegate-hours-2026-W49.csv");
    expect(file.mediaType).toBe("text/csv");
    expect(text.split("\r\n")[0]).toBe(HOURS_COLUMNS.join(","));
    const rows = csvRecords(text);
    const db = await frozen();
    expect(rows.map((r) => r.task)).toEqual(db.map((d) => `T-${d.number}`));
    for (const [i, d] of db.entries()) {
      const r = rows[i] ?? {};
      expect(r.hours_saved).toBe((d.saved / 60).toFixed(2));
      expect(r.review_hours).toBe((d.review / 60).toFixed(2));
      expect(Number(r.hours_recovered)).toBeCloseTo(Math.max(0, d.saved - d.review) / 60, 2);
      expect(r.value_rate).toBe(Number(d.rate).toFixed(2));
      expect(r.value).toBe((Number(r.hours_recovered) * Number(d.rate)).toFixed(2));
      expect(r.currency).toBe("USD");
    }
    // A title that a spreadsheet would run as a formula is neutralised; the rest are as typed.
    expect(rows.map((r) => r.title)).toEqual([
      "Review the Smith production",
      "Research the limitation period",
      "'=cmd|calc!A1",
    ]);
    expect(rows.map((r) => [r.on_time, r.first_pass, r.rounds])).toEqual([
      ["yes", "yes", "1"],
      ["no", "no", "2"],
      ["yes", "yes", "1"],
    ]);
    expect(rows[0]?.approved).toBe("2026-12-01T11:00-05:00");
  });

  it("billing: time by person, cost, billed and flags per approved task, matching the frozen rates", async () => {
    const { text, view } = await exported("export billing 2026-W49");
    expect(text.split("\r\n")[0]).toBe(BILLING_COLUMNS.join(","));
    const rows = csvRecords(text);
    const db = await frozen();
    expect(rows.map((r) => [r.task, r.hours_logged, r.cost, r.billed])).toEqual(
      db.map((d) => [`T-${d.number}`, (d.logged / 60).toFixed(2), d.cost, d.billed]),
    );
    expect(rows[1]).toMatchObject({
      time_by_person:
        "dev 2.00 h at cost 30.00/h, billed 75.00/h; maria 1.00 h at cost 25.00/h, billed 60.00/h",
      markup: "2.47",
      billing_mode: "bill rate",
      client: "Smith",
    });
    expect(rows[2]?.flags).toBe("no time logged");
    expect(view.lines).toContain("Check the flags column of T-3 (M-1).");
  });

  it("ledes: LEDES 1998B header, field list, [] line ends, YYYYMMDD dates and totals that add up", async () => {
    const { file, text, view } = await exported("export ledes 2026-W49");
    expect(file.filename).toBe("delegate-ledes-2026-W49.txt");
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe("LEDES1998B[]");
    expect(lines[1]).toBe(`${LEDES_FIELDS.join("|")}[]`);
    expect(LEDES_FIELDS).toHaveLength(24);
    const items = lines.slice(2, -1).map((l) => {
      expect(l.endsWith("[]")).toBe(true);
      const values = l.slice(0, -2).split("|");
      expect(values).toHaveLength(24);
      return Object.fromEntries(LEDES_FIELDS.map((f, i) => [f, values[i] ?? ""]));
    });
    // One fee line per person and billed task: T-1 maria, T-2 dev and maria; T-3 had no time.
    expect(
      items.map((i) => [
        i.LINE_ITEM_DESCRIPTION?.slice(0, 4),
        i.TIMEKEEPER_NAME,
        i.LINE_ITEM_NUMBER_OF_UNITS,
        i.LINE_ITEM_UNIT_COST,
        i.LINE_ITEM_TOTAL,
      ]),
    ).toEqual([
      ["T-1 ", "maria", "2.00", "60.00", "120.00"],
      ["T-2 ", "dev", "2.00", "75.00", "150.00"],
      ["T-2 ", "maria", "1.00", "60.00", "60.00"],
    ]);
    for (const i of items) {
      expect(i.INVOICE_DATE).toMatch(/^\d{8}$/);
      expect(i.LINE_ITEM_DATE).toMatch(/^\d{8}$/);
      expect(i).toMatchObject({
        INVOICE_DATE: "20261207",
        BILLING_START_DATE: "20261130",
        BILLING_END_DATE: "20261206",
        "EXP/FEE/INV_ADJ_TYPE": "F",
        LAW_FIRM_MATTER_ID: "M-1",
        CLIENT_ID: "Smith",
        INVOICE_TOTAL: "330.00",
        TIMEKEEPER_CLASSIFICATION: "LA",
      });
      expect(Number(i.LINE_ITEM_NUMBER_OF_UNITS) * Number(i.LINE_ITEM_UNIT_COST)).toBeCloseTo(
        Number(i.LINE_ITEM_TOTAL),
        2,
      );
    }
    expect(items.map((i) => [i.LINE_ITEM_TASK_CODE, i.LINE_ITEM_ACTIVITY_CODE])).toEqual([
      ["L320", "A104"],
      ["L120", "A102"],
      ["L120", "A102"],
    ]);
    expect(items.map((i) => i.LINE_ITEM_NUMBER)).toEqual(["1", "2", "3"]);
    const [billed] = await h.database.query<{ total: string }>(
      "select sum(round(round(minutes * 100 / 60.0) * bill_rate) / 100)::numeric(12,2)::text as total from approved_time",
    );
    expect(items[0]?.INVOICE_TOTAL).toBe(billed?.total);
    expect(view.lines).toContain(
      "Not in the file, nothing to bill (matter not billed, no time logged, or no rate on file): T-3 (M-1).",
    );
  });

  it("records each file's SHA-256 in the audit trail and is for admins only", async () => {
    const { file } = await exported("export billing 2026-W49");
    expect(createHash("sha256").update(file.bytes).digest("hex")).toBe(file.sha256);
    const [event] = await h.database.query<{ detail: { sha256: string; kind: string; period: string } }>(
      "select detail from audit_events where action = 'export.created'",
    );
    expect(event?.detail).toMatchObject({ sha256: file.sha256, kind: "billing", period: "2026-W49" });
    const before = await rowCounts(h.database);
    for (const who of ["bob", "maria"]) {
      const refused = await h.say(who, "export billing 2026-W49");
      expect(refused.tone).toBe("error");
      expect(refused.lines[0]).toBe("Only admins can export figures.");
      expect(refused.file).toBeUndefined();
    }
    expect(await rowCounts(h.database)).toEqual(before);
  });

  it("covers a calendar month, and an empty period is an empty file", async () => {
    const month = csvRecords((await exported("export hours 2026-12")).text);
    expect(month.map((r) => r.task)).toEqual(["T-1", "T-2", "T-3"]);
    const empty = await exported("export billing 2026-W40");
    expect(empty.text).toBe(`${BILLING_COLUMNS.join(",")}\r\n`);
  });
});

describe("export in the console", () => {
  it("saves the file privately under EXPORT_DIR and prints where", async () => {
    await resetDatabase(await testDatabase());
    const dir = await mkdtemp(join(tmpdir(), "delegate-exports-"));
    const { session, clock } = await openConsoleSession({ exportDir: dir });
    clock.set(new Date("2026-12-01T14:00:00Z"));
    await session.handleLine('setup firm:"Smith & Lee LLP" tz:America/New_York rate:300');
    const out = await session.handleLine("export hours this");
    const saved = out.find((l) => l.startsWith("Saved to "))?.slice("Saved to ".length) ?? "";
    expect(saved).toContain("delegate-hours-2026-W49.csv");
    expect(await readFile(saved, "utf8")).toBe(`${HOURS_COLUMNS.join(",")}\r\n`);
    expect((await stat(saved)).mode & 0o777).toBe(0o600);
  });
});
