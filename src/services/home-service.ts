import { shutOutMessage } from "../domain/access.js";
import { isAttorney } from "../domain/policy.js";
import type { View } from "../views/view.js";
import { resolveSpeaker } from "./actor.js";
import type { Deps, Speaker } from "./deps.js";
import { listTasks } from "./task-queries.js";

/**
 * A person's home page (Slack App Home; any platform with a personal tab could show it):
 * professionals see their open tasks; attorneys what waits for their review and the firm's
 * overdue work. The same queries as `list`, so visibility and read-auditing are the same too.
 * People the firm does not know get one view saying how to get started.
 */
export const homeViews = async (deps: Deps, speaker: Speaker): Promise<View[]> => {
  const who = await resolveSpeaker(deps.db, speaker, deps.clock.now());
  if (who.kind === "unbound") {
    return [
      {
        tone: "info",
        title: "Delegate",
        lines: [
          "This workspace is not connected to a firm yet.",
          'To start one, type: /delegate setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
        ],
        audience: "private",
      },
    ];
  }
  if (who.kind !== "known") {
    return [
      {
        tone: "info",
        title: "Delegate",
        lines: [
          who.kind === "unknown"
            ? `You are not on ${who.firm.name}'s Delegate team yet. Ask an admin to add you.`
            : shutOutMessage(who.reason, who.firm.name, who.person),
        ],
        audience: "private",
      },
    ];
  }
  const actor = who.actor;
  if (!isAttorney(actor.person)) return [await listTasks(deps, actor, { name: "list", scope: "mine" })];
  return [
    await listTasks(deps, actor, { name: "list", scope: "review" }),
    await listTasks(deps, actor, { name: "list", scope: "overdue" }),
  ];
};
