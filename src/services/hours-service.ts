import type { Command } from "../domain/command.js";
import { requireRole } from "../domain/policy.js";
import { weekBounds } from "../domain/weeks.js";
import { hoursView, weekReport } from "../figures/week-report.js";
import type { View } from "../views/view.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";

type Hours = Extract<Command, { name: "hours" }>;

export const hoursCommand = async (deps: Deps, actor: Actor, cmd: Hours): Promise<View> => {
  requireRole(actor.person, ["admin", "attorney"], "see recovered hours");
  const now = deps.clock.now();
  const week = weekBounds(cmd.week, now, actor.firm.tz);
  return hoursView(await weekReport(deps.db, actor.firm, week, now));
};
