import type { z } from "zod";
import { CATEGORIES, type Category } from "../../domain/vocabulary.js";
import type { Args } from "../parse-args.js";
import * as v from "../parse-values.js";
import { preview } from "../tokenize.js";
import { type Builder, compact, noArgs } from "./shared.js";

/** Firm setup: `setup`, `firm set`, `holiday …`, `link`, `digest here`, `outbox`. */
export const FIRM_BUILDERS = {
  setup: (a) => {
    a.allowOnly(["firm", "tz", "rate"]);
    a.atMost(0);
    return {
      name: "setup",
      firm: a.required("firm", v.text("firm name", 200)),
      tz: a.required("tz", v.zone("tz")),
      rate: a.required("rate", v.money("rate")),
    };
  },

  "firm set": (a) => {
    a.allowOnly(
      [
        "firm",
        "tz",
        "rate",
        "currency",
        "alerts",
        "ack-within",
        "markup-limit",
        "require-consent",
        "holidays",
        "lawyer-only",
      ],
      (k) => k.startsWith("est.") || k.startsWith("utbms."),
    );
    a.atMost(0);
    if (a.options.size === 0) {
      throw a.error('firm set needs something to change, e.g. alerts:24h,2h or firm:"Smith & Lee LLP".');
    }
    const estimates = perCategory(a, "est.", (k) => v.duration(k));
    const utbms = perCategory(a, "utbms.", (k) => v.utbmsCode(k));
    return compact({
      name: "firm set" as const,
      firm: a.option("firm", v.text("firm name", 200)),
      tz: a.option("tz", v.zone("tz")),
      rate: a.option("rate", v.money("rate")),
      currency: a.option("currency", v.currency),
      alerts: a.option("alerts", v.alertList),
      estimates,
      ackWithinMinutes: a.option("ack-within", v.duration("ack-within")),
      markupLimit: a.option("markup-limit", v.markupLimit),
      requireConsent: a.option("require-consent", v.yesNo("require-consent")),
      holidays: a.option("holidays", v.holidayCalendar),
      lawyerOnly: a.option("lawyer-only", v.lawyerOnlyPhrases),
      utbms,
    });
  },

  "holiday add": (a) => {
    a.allowOnly([]);
    const date = a.run(v.isoDate("date"), a.requiredText(0, "a date", "2026-12-24"));
    const label = a.text(1, "a name for the day");
    a.atMost(2);
    return compact({
      name: "holiday add" as const,
      date,
      label: label === undefined ? undefined : a.run(v.text("holiday name", 100), label),
    });
  },

  "holiday remove": (a) => {
    a.allowOnly([]);
    const date = a.run(v.isoDate("date"), a.requiredText(0, "a date", "2026-12-24"));
    a.atMost(1);
    return { name: "holiday remove", date };
  },

  "holiday list": (a) => noArgs(a, { name: "holiday list" }),

  "digest here": (a) => noArgs(a, { name: "digest here" }),
  outbox: (a) => noArgs(a, { name: "outbox" }),

  link: (a) => {
    a.allowOnly([]);
    const code = a.text(0, "a code");
    a.atMost(1);
    if (code === undefined) return { name: "link" };
    if (!/^[A-Za-z0-9-]{4,64}$/.test(code)) throw a.error(`"${preview(code, 30)}" is not a link code.`);
    return { name: "link", code };
  },
} satisfies Record<string, Builder>;

/** `est.document_review:3h`, `utbms.filing:L440`: one value per task type, given once each. */
function perCategory<T>(
  a: Args,
  prefix: string,
  schema: (key: string) => z.ZodType<T, string>,
): Partial<Record<Category, T>> | undefined {
  const found: Partial<Record<Category, T>> = {};
  for (const k of a.options.keys()) {
    if (!k.startsWith(prefix)) continue;
    const cat = v.normalizeCategory(k.slice(prefix.length));
    if (cat === undefined) {
      throw a.error(
        `Unknown task type "${preview(k.slice(prefix.length), 30)}" in ${prefix}…: use one of ${CATEGORIES.join(", ")}.`,
      );
    }
    if (found[cat] !== undefined) throw a.error(`The ${prefix}${cat} value is given twice; give it once.`);
    found[cat] = a.option(k, schema(k));
  }
  return Object.keys(found).length > 0 ? found : undefined;
}
