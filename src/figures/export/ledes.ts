import { DateTime } from "luxon";
import { timeAmounts } from "../../domain/figures.js";
import { hundredths, plainAmount } from "../../domain/money.js";
import type { ExportTask } from "./export-rows.js";
import type { PeriodBounds } from "./period.js";

/** LEDES 1998B's 24 fields, in order (docs/exports.md). */
export const LEDES_FIELDS = [
  "INVOICE_DATE",
  "INVOICE_NUMBER",
  "CLIENT_ID",
  "LAW_FIRM_MATTER_ID",
  "INVOICE_TOTAL",
  "BILLING_START_DATE",
  "BILLING_END_DATE",
  "INVOICE_DESCRIPTION",
  "LINE_ITEM_NUMBER",
  "EXP/FEE/INV_ADJ_TYPE",
  "LINE_ITEM_NUMBER_OF_UNITS",
  "LINE_ITEM_ADJUSTMENT_AMOUNT",
  "LINE_ITEM_TOTAL",
  "LINE_ITEM_DATE",
  "LINE_ITEM_TASK_CODE",
  "LINE_ITEM_EXPENSE_CODE",
  "LINE_ITEM_ACTIVITY_CODE",
  "TIMEKEEPER_ID",
  "LINE_ITEM_DESCRIPTION",
  "LAW_FIRM_ID",
  "LINE_ITEM_UNIT_COST",
  "TIMEKEEPER_NAME",
  "TIMEKEEPER_CLASSIFICATION",
  "CLIENT_MATTER_ID",
] as const;

type Field = (typeof LEDES_FIELDS)[number];

/** A field's text: `|` separates fields and `[]` ends lines, so neither (nor a line break) may appear. */
const clean = (s: string): string => s.replace(/[|[\]\r\n]+/g, " ").trim();

const day = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toFormat("yyyyLLdd");
const compactDay = (iso: string): string => iso.replace(/-/g, "");

export interface LedesFile {
  text: string;
  /** Line items written. */
  items: number;
  /** Approved tasks with nothing to bill (not billed, no time, or no rate): named in the reply. */
  unbilled: ExportTask[];
}

/**
 * LEDES 1998B: line 1 `LEDES1998B[]`, line 2 the field names, then one fee line per person who
 * logged time on an approved task of a billed matter — one invoice per matter for the period.
 * Units are hours in hundredths, the unit cost the rate the matter's billing mode bills, and the
 * line total their product (the same amounts as `export billing` and the digest).
 */
export const ledesFile = (
  tasks: ExportTask[],
  opts: { firmName: string; period: PeriodBounds; zone: string; madeAt: Date },
): LedesFile => {
  const byMatter = new Map<
    string,
    {
      task: ExportTask;
      line: Omit<Record<Field, string>, "INVOICE_TOTAL" | "LINE_ITEM_NUMBER">;
      cents: number;
    }[]
  >();
  const unbilled: ExportTask[] = [];
  for (const t of tasks) {
    const billedTime = t.time.flatMap((p) => {
      const m = timeAmounts(t.billMode, p);
      return m.billRate === undefined || p.minutes === 0 ? [] : [{ p, m }];
    });
    if (billedTime.length === 0) {
      unbilled.push(t);
      continue;
    }
    const lines = byMatter.get(t.matterNumber) ?? [];
    for (const { p, m } of billedTime) {
      lines.push({
        task: t,
        cents: m.billed,
        line: {
          INVOICE_DATE: day(opts.madeAt, opts.zone),
          INVOICE_NUMBER: clean(`DLG-${opts.period.label}-${t.matterNumber}`),
          CLIENT_ID: clean(t.client ?? t.matterNumber),
          LAW_FIRM_MATTER_ID: clean(t.matterNumber),
          BILLING_START_DATE: compactDay(opts.period.firstDay),
          BILLING_END_DATE: compactDay(opts.period.lastDay),
          INVOICE_DESCRIPTION: clean(`Delegated legal support work, ${opts.period.label}`),
          "EXP/FEE/INV_ADJ_TYPE": "F",
          LINE_ITEM_NUMBER_OF_UNITS: (hundredths(p.minutes) / 100).toFixed(2),
          LINE_ITEM_ADJUSTMENT_AMOUNT: "0.00",
          LINE_ITEM_TOTAL: plainAmount(m.billed),
          LINE_ITEM_DATE: day(t.approvedAt, opts.zone),
          LINE_ITEM_TASK_CODE: t.utbmsTask,
          LINE_ITEM_EXPENSE_CODE: "",
          LINE_ITEM_ACTIVITY_CODE: t.utbmsActivity,
          TIMEKEEPER_ID: `TK-${p.personId.slice(0, 8).toUpperCase()}`,
          LINE_ITEM_DESCRIPTION: clean(`T-${t.number} ${t.title}`),
          LAW_FIRM_ID: clean(opts.firmName),
          LINE_ITEM_UNIT_COST: (m.billRate ?? 0).toFixed(2),
          TIMEKEEPER_NAME: clean(p.name),
          // LA: legal assistant, the LEDES class for non-lawyer professionals; OT: other timekeeper.
          TIMEKEEPER_CLASSIFICATION: p.role === "professional" ? "LA" : "OT",
          CLIENT_MATTER_ID: "",
        },
      });
    }
    byMatter.set(t.matterNumber, lines);
  }
  const out = ["LEDES1998B[]", `${LEDES_FIELDS.join("|")}[]`];
  let items = 0;
  for (const [, lines] of [...byMatter].sort(([a], [b]) => a.localeCompare(b))) {
    const total = plainAmount(lines.reduce((s, l) => s + l.cents, 0));
    lines.forEach((l, i) => {
      const record: Record<Field, string> = {
        ...l.line,
        INVOICE_TOTAL: total,
        LINE_ITEM_NUMBER: String(i + 1),
      };
      out.push(`${LEDES_FIELDS.map((f) => record[f]).join("|")}[]`);
      items += 1;
    });
  }
  return { text: `${out.join("\r\n")}\r\n`, items, unbilled };
};
