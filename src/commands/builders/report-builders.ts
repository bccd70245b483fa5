import type { Args } from "../parse-args.js";
import * as v from "../parse-values.js";
import { preview } from "../tokenize.js";
import { type Builder, compact } from "./shared.js";

/** Figures, exports, packets and the audit trail. */
export const REPORT_BUILDERS = {
  hours: (a) => {
    a.allowOnly([]);
    const word = a.text(0, "a week");
    a.atMost(1);
    return { name: "hours", week: word === undefined ? { kind: "this" } : a.run(v.week, word) };
  },

  quality: (a) => {
    a.allowOnly(["provider", "since"]);
    const user = a.positionals[0] === undefined ? undefined : a.user(0);
    a.atMost(1);
    const provider = a.option("provider", v.text("provider", 200));
    if (user !== undefined && provider !== undefined) {
      throw a.error("quality looks at one person or one provider, not both.");
    }
    return compact({
      name: "quality" as const,
      user,
      provider,
      since: a.option("since", v.isoDate("since")),
    });
  },

  export: (a) => {
    a.allowOnly([]);
    const kind = a.requiredText(0, "what to export", "billing").toLowerCase();
    if (kind !== "hours" && kind !== "billing" && kind !== "ledes") {
      throw a.error(`export makes hours, billing or ledes, not "${preview(kind, 30)}".`);
    }
    const word = a.text(1, "a period");
    a.atMost(2);
    return { name: "export", kind, period: word === undefined ? { kind: "last" } : a.run(v.period, word) };
  },

  packet: (a) => {
    a.allowOnly(["since", "until"]);
    const target = a.positionals[0];
    a.atMost(1);
    if (target === undefined) {
      throw a.error("packet needs a person or a matter, e.g. packet @maria or packet M-2024-118.");
    }
    // A person is always a mention (@maria); anything else names a matter.
    if (target.kind !== "mention") {
      if (a.options.size > 0) {
        throw a.error(
          "A matter's packet covers its whole history: packet M-2024-118 takes no since: or until:.",
        );
      }
      return { name: "packet", matter: a.run(v.matterNumber("matter"), target.text) };
    }
    const since = a.option("since", v.isoDate("since"));
    const until = a.option("until", v.isoDate("until"));
    if (since !== undefined && until !== undefined && until < since) {
      throw a.error(`until: (${until}) must not be before since: (${since}).`);
    }
    return compact({ name: "packet" as const, user: a.user(0), since, until });
  },

  audit: (a) => auditBuilder(a),
  "audit verify": (a) => {
    a.allowOnly([]);
    a.atMost(0);
    return { name: "audit verify" };
  },
} satisfies Record<string, Builder>;

function auditBuilder(a: Args) {
  a.allowOnly(["since", "page"]);
  const target = a.positionals[0];
  a.atMost(1);
  const since = a.option("since", v.isoDate("since"));
  const page = a.option("page", v.page);
  if (target === undefined) throw a.error("audit needs a task or a person, e.g. audit T-42 or audit @maria.");
  // A word shaped like a task number (T…, t-…) is a task, even a malformed one: say so.
  if (target.kind !== "mention" && /^t(-|\d)/i.test(target.text)) {
    return compact({ name: "audit" as const, task: a.run(v.taskNumber, target.text), since, page });
  }
  return compact({ name: "audit" as const, user: a.user(0), since, page });
}
