import { DateTime } from "luxon";
import { type FrozenTask, taskAmounts, timeAmounts } from "../../domain/figures.js";
import { hoursOf, plainAmount } from "../../domain/money.js";
import { csvFile } from "./csv.js";

/** An approved task with what only a private file may carry: its title, and the matter's client. */
export interface ExportTask extends FrozenTask {
  title: string;
  client: string | null;
}

/** Columns of `export hours`, documented in docs/exports.md: keep the two the same. */
export const HOURS_COLUMNS = [
  "task",
  "matter",
  "title",
  "type",
  "supervising_attorney",
  "professional",
  "provider",
  "assigned",
  "approved",
  "committed_due",
  "submitted",
  "on_time",
  "rounds",
  "first_pass",
  "hours_saved",
  "review_hours",
  "hours_recovered",
  "value_rate",
  "value",
  "currency",
] as const;

/** Columns of `export billing`, documented in docs/exports.md. */
export const BILLING_COLUMNS = [
  "task",
  "matter",
  "client",
  "title",
  "type",
  "approved",
  "billing_mode",
  "hours_logged",
  "time_by_person",
  "cost",
  "billed",
  "markup",
  "currency",
  "flags",
] as const;

const yesNo = (b: boolean): string => (b ? "yes" : "no");
const words = (s: string): string => s.replace(/_/g, " ");

/** An instant as ISO 8601 in the firm's zone, with its offset: 2026-12-01T11:00-05:00. */
const when = (at: Date, zone: string): string =>
  DateTime.fromJSDate(at, { zone }).toISO({ suppressSeconds: true, suppressMilliseconds: true }) ?? "";

const BILL_MODE_WORDS = { rate: "bill rate", cost: "at cost", none: "not billed" } as const;

export const hoursCsv = (tasks: ExportTask[], zone: string): string =>
  csvFile(
    HOURS_COLUMNS,
    tasks.map((t) => {
      const a = taskAmounts(t);
      return [
        `T-${t.number}`,
        t.matterNumber,
        t.title,
        words(t.category),
        t.supervisorName,
        t.assigneeName,
        t.assigneeProvider ?? "",
        when(t.assignedAt, zone),
        when(t.approvedAt, zone),
        when(t.committedDueAt, zone),
        when(t.submittedAt, zone),
        yesNo(t.onTime),
        t.rounds,
        yesNo(t.rounds === 1),
        hoursOf(t.savedMinutes).toFixed(2),
        hoursOf(t.reviewMinutes).toFixed(2),
        hoursOf(a.recoveredMinutes).toFixed(2),
        t.valueRate.toFixed(2),
        plainAmount(a.value),
        t.currency,
      ];
    }),
  );

/** What a billing row cannot say, in words: missing time or rates. */
export const taskFlags = (t: FrozenTask): string[] => [
  ...(t.time.length === 0 ? ["no time logged"] : []),
  ...t.time.filter((p) => p.costRate === null).map((p) => `no cost rate for ${p.name}`),
  ...(t.billMode === "rate"
    ? t.time.filter((p) => p.billRate === null).map((p) => `no bill rate for ${p.name}`)
    : []),
];

export const billingCsv = (tasks: ExportTask[], zone: string): string =>
  csvFile(
    BILLING_COLUMNS,
    tasks.map((t) => {
      const a = taskAmounts(t);
      const byPerson = t.time.map((p) => {
        const m = timeAmounts(t.billMode, p);
        const cost = p.costRate === null ? "no cost rate" : `cost ${p.costRate.toFixed(2)}/h`;
        const bill =
          t.billMode === "none"
            ? ""
            : m.billRate === undefined
              ? ", no bill rate"
              : `, billed ${m.billRate.toFixed(2)}/h`;
        return `${p.name} ${hoursOf(p.minutes).toFixed(2)} h at ${cost}${bill}`;
      });
      return [
        `T-${t.number}`,
        t.matterNumber,
        t.client ?? "",
        t.title,
        words(t.category),
        when(t.approvedAt, zone),
        BILL_MODE_WORDS[t.billMode],
        hoursOf(a.loggedMinutes).toFixed(2),
        byPerson.join("; "),
        plainAmount(a.cost),
        plainAmount(a.billed),
        a.cost > 0 && a.billed > 0 ? (a.billed / a.cost).toFixed(2) : "",
        t.currency,
        taskFlags(t).join("; "),
      ];
    }),
  );
