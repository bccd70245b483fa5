import type { Command } from "../domain/command.js";
import { DelegateError, isDelegateError } from "../domain/errors.js";
import { isoDateIn } from "../domain/zone-clock.js";
import { acknowledgeTask } from "../services/acknowledge-task.js";
import type { Actor } from "../services/actor.js";
import { digestHere, outboxReport } from "../services/admin-service.js";
import { askQuestion } from "../services/ask-question.js";
import { assignTask } from "../services/assign-task.js";
import { auditTrail } from "../services/audit-trail.js";
import { auditVerify } from "../services/audit-verify.js";
import { awayCommand } from "../services/away-service.js";
import type { Deps, Directory } from "../services/deps.js";
import { exportCommand } from "../services/export-service.js";
import { alreadyBound, firmSet } from "../services/firm-service.js";
import { holidayAdd, holidayList, holidayRemove } from "../services/holiday-service.js";
import { hoursCommand } from "../services/hours-service.js";
import { createLinkCode } from "../services/link-codes.js";
import { logTime } from "../services/log-time.js";
import { cancelTask, changeDue, reassignTask } from "../services/manage-task.js";
import { matterAdd, matterSet, matterStaffCommand, matterUnstaff } from "../services/matter-service.js";
import { matterList, matterShow } from "../services/matter-views.js";
import { qualityCommand } from "../services/quality-service.js";
import { approveTask, requestChanges } from "../services/review-task.js";
import { listTasks, showTask, type TaskRead } from "../services/task-queries.js";
import { teamAdd, teamList, teamSet } from "../services/team-service.js";
import { startTask, submitTask } from "../services/work-on-task.js";
import type { View } from "../views/view.js";
import { helpView } from "./help.js";
import { usageOf } from "./usage.js";

/** A usage error from a service, with the command's usage line added (services/ do not know the parser). */
const withUsage = (e: unknown, name: Parameters<typeof usageOf>[0]): unknown =>
  isDelegateError(e) && e.code === "usage" && !e.usage
    ? new DelegateError("usage", e.message, {
        usage: usageOf(name),
        ...(e.fields ? { fields: { ...e.fields } } : {}),
      })
    : e;

/** Routes a command of a known person to the service that does it. */
export const runCommand = (
  deps: Deps,
  actor: Actor,
  cmd: Command,
  directory: Directory,
  via: TaskRead = "show",
): Promise<View> => {
  const today = isoDateIn(deps.clock.now(), actor.firm.tz) ?? "";
  switch (cmd.name) {
    case "help":
      return Promise.resolve(helpView(cmd.topic));
    case "setup":
      throw alreadyBound(actor.firm.name);
    case "firm set":
      return firmSet(deps, actor, cmd).catch((e: unknown) => {
        throw withUsage(e, "firm set");
      });
    case "team add":
      return teamAdd(deps, actor, cmd, directory);
    case "team set":
      return teamSet(deps, actor, cmd, today);
    case "team list":
      return teamList(deps, actor, today);
    case "matter add":
      return matterAdd(deps, actor, cmd);
    case "matter staff":
      return matterStaffCommand(deps, actor, cmd, today);
    case "matter unstaff":
      return matterUnstaff(deps, actor, cmd);
    case "matter set":
      return matterSet(deps, actor, cmd, today);
    case "matter list":
      return matterList(deps, actor);
    case "matter show":
      return matterShow(deps, actor, cmd);
    case "packet":
      // Loaded on first use: the PDF library is not worth its memory until someone asks for a packet.
      return import("../packets/packet-command.js").then((m) => m.packetCommand(deps, actor, cmd));
    case "assign":
      return assignTask(deps, actor, cmd, today);
    case "list":
      return listTasks(deps, actor, cmd);
    case "show":
      return showTask(deps, actor, cmd.task, via);
    case "ack":
      return acknowledgeTask(deps, actor, cmd);
    case "ask":
      return askQuestion(deps, actor, cmd);
    case "log":
      return logTime(deps, actor, cmd, today);
    case "away":
      return awayCommand(deps, actor, cmd);
    case "holiday add":
      return holidayAdd(deps, actor, cmd);
    case "holiday remove":
      return holidayRemove(deps, actor, cmd);
    case "holiday list":
      return holidayList(deps, actor);
    case "start":
      return startTask(deps, actor, cmd);
    case "submit":
      return submitTask(deps, actor, cmd);
    case "approve":
      return approveTask(deps, actor, cmd);
    case "changes":
      return requestChanges(deps, actor, cmd);
    case "reassign":
      return reassignTask(deps, actor, cmd, today);
    case "due":
      return changeDue(deps, actor, cmd);
    case "cancel":
      return cancelTask(deps, actor, cmd);
    case "hours":
      return hoursCommand(deps, actor, cmd);
    case "quality":
      return qualityCommand(deps, actor, cmd);
    case "export":
      return exportCommand(deps, actor, cmd);
    case "audit":
      return auditTrail(deps, actor, cmd);
    case "audit verify":
      return auditVerify(deps, actor);
    case "digest here":
      return digestHere(deps, actor);
    case "outbox":
      return outboxReport(deps, actor);
    case "link":
      if (cmd.code) throw alreadyBound(actor.firm.name);
      return createLinkCode(deps, actor);
  }
};
