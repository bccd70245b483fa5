import * as v from "../parse-values.js";
import { type Builder, compact, matter0, noArgs } from "./shared.js";

/** Matters: open, describe and restrict them, staff and unstaff professionals. */
export const MATTER_BUILDERS = {
  "matter add": (a) => {
    a.allowOnly(["client", "area"]);
    const number = matter0(a);
    const title = a.run(v.text("matter title", 200), a.requiredText(1, "a title", '"Smith v. Jones"'));
    a.atMost(2);
    return compact({
      name: "matter add" as const,
      number,
      title,
      client: a.option("client", v.text("client", 200)),
      area: a.option("area", v.text("practice area", 100)),
    });
  },

  "matter set": (a) => {
    a.allowOnly(["title", "client", "area", "delivery", "consent", "consent-ref", "bill"]);
    const number = matter0(a);
    a.atMost(1);
    if (a.options.size === 0) {
      throw a.error(
        "matter set needs something to change, e.g. consent:2026-11-20 or delivery:onshore,nearshore.",
      );
    }
    return compact({
      name: "matter set" as const,
      number,
      title: a.option("title", v.text("matter title", 200)),
      client: a.option("client", v.text("client", 200)),
      area: a.option("area", v.text("practice area", 100)),
      delivery: a.option("delivery", v.deliveryList),
      consent: a.option("consent", v.consentDate),
      consentRef: a.option("consent-ref", v.text("consent reference", 200)),
      bill: a.option("bill", v.billMode),
    });
  },

  "matter staff": (a) => {
    a.allowOnly([]);
    const number = matter0(a);
    const user = a.user(1);
    a.atMost(2);
    return { name: "matter staff", number, user };
  },

  "matter unstaff": (a) => {
    a.allowOnly([]);
    const number = matter0(a);
    const user = a.user(1);
    a.atMost(2);
    return { name: "matter unstaff", number, user };
  },

  "matter list": (a) => noArgs(a, { name: "matter list" }),

  "matter show": (a) => {
    a.allowOnly([]);
    const number = matter0(a);
    a.atMost(1);
    return { name: "matter show", number };
  },
} satisfies Record<string, Builder>;
