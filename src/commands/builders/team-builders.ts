import * as v from "../parse-values.js";
import { type Builder, compact, noArgs, PERSON_OPTIONS, personOptions } from "./shared.js";

/** People: `team …` and `away`. */
export const TEAM_BUILDERS = {
  "team add": (a) => {
    a.allowOnly(["role", ...PERSON_OPTIONS]);
    const user = a.user(0);
    a.atMost(1);
    const role = a.required("role", v.role);
    return compact({ name: "team add" as const, user, role, ...personOptions(a) });
  },

  "team set": (a) => {
    a.allowOnly(["role", "active", ...PERSON_OPTIONS]);
    const user = a.user(0);
    a.atMost(1);
    if (a.options.size === 0)
      throw a.error("team set needs something to change, e.g. tz:Asia/Manila or active:no.");
    return compact({
      name: "team set" as const,
      user,
      role: a.option("role", v.role),
      active: a.option("active", v.yesNo("active")),
      ...personOptions(a),
    });
  },

  "team list": (a) => noArgs(a, { name: "team list" }),

  away: (a) => {
    a.allowOnly(["until", "cover"]);
    const user = a.user(0);
    const word = a.text(1, "off");
    a.atMost(2);
    if (word !== undefined) {
      if (word.toLowerCase() !== "off")
        throw a.error(`away takes until: and cover:, or the word off, not "${word}".`);
      if (a.options.size > 0) throw a.error("away … off ends an absence; it takes no until: or cover:.");
      return { name: "away", user, off: true };
    }
    return {
      name: "away",
      user,
      until: a.required("until", v.isoDate("until")),
      cover: a.requiredUser("cover"),
    };
  },
} satisfies Record<string, Builder>;
