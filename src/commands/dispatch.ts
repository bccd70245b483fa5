import { randomBytes } from "node:crypto";
import { DateTime } from "luxon";
import { shutOutMessage } from "../domain/access.js";
import { DelegateError, isDelegateError, type Refusal } from "../domain/errors.js";
import { exportCommand } from "../figures/export/export-command.js";
import { qualityCommand } from "../figures/quality.js";
import { acknowledgeTask } from "../services/acknowledge-task.js";
import { type Actor, resolveSpeaker } from "../services/actor.js";
import { digestHere, outboxReport } from "../services/admin-service.js";
import { askQuestion } from "../services/ask-question.js";
import { assignTask } from "../services/assign-task.js";
import { recordAudit } from "../services/audit.js";
import { auditTrail } from "../services/audit-trail.js";
import { auditVerify } from "../services/audit-verify.js";
import { awayCommand } from "../services/away-service.js";
import type { Deps, Directory, Speaker } from "../services/deps.js";
import { alreadyBound, firmSet, setupFirm } from "../services/firm-service.js";
import { holidayAdd, holidayList, holidayRemove } from "../services/holiday-service.js";
import { homeViews } from "../services/home-service.js";
import { hoursCommand } from "../services/hours-service.js";
import { createLinkCode, useLinkCode } from "../services/link-codes.js";
import { logTime } from "../services/log-time.js";
import { cancelTask, changeDue, reassignTask } from "../services/manage-task.js";
import { matterAdd, matterSet, matterStaffCommand, matterUnstaff } from "../services/matter-service.js";
import { matterList, matterShow } from "../services/matter-views.js";
import { approveTask, requestChanges } from "../services/review-task.js";
import { checkedDirectory, checkedSpeaker } from "../services/speaker-boundary.js";
import { listTasks, showTask } from "../services/task-queries.js";
import { teamAdd, teamList, teamSet } from "../services/team-service.js";
import { startTask, submitTask } from "../services/work-on-task.js";
import type { View } from "../views/view.js";
import type { ButtonPayload, Command } from "./command.js";
import { ANSWER_WITHIN_MS, answerWithin, databaseTrouble } from "./deadline.js";
import { commandOfForm, type FormInput, pinToField } from "./forms.js";
import { helpView } from "./help.js";
import { parseCommand } from "./parse.js";
import { usageOf } from "./usage.js";

/** One message or one click from any platform. */
export interface Inbound {
  speaker: Speaker;
  /** A typed command line… */
  text?: string;
  /** …or a button click (untrusted: it carries task and version only). */
  button?: ButtonPayload;
  /** Looks up users a command names; only `team add` needs it. */
  directory?: Directory;
  /** …or a submitted form (Slack modal, Teams card): validated field by field, errors come back in fieldErrors. */
  form?: FormInput;
}

export interface Core {
  handle(inbound: Inbound): Promise<View>;
  /** A person's home page (Slack App Home): what the core thinks they should see first. */
  home(speaker: Speaker): Promise<View[]>;
}

const errorView = (e: DelegateError): View => ({
  tone: "error",
  lines: [e.message],
  audience: "private",
  ...(e.usage ? { usage: e.usage } : {}),
  ...(e.fields ? { fieldErrors: { ...e.fields } } : {}),
});

/** A click is the typed command it stands for, pinned to the version the button was drawn from. */
const commandOfButton = (b: ButtonPayload): Command => {
  switch (b.action) {
    // What to fix or to ask cannot ride on a button: adapters open a form and send the command.
    case "changes":
      throw new DelegateError("usage", `Say what to fix: changes T-${b.task} "what to fix"`, {
        usage: usageOf("changes"),
      });
    case "ask":
      throw new DelegateError("usage", `Say what to ask: ask T-${b.task} "question"`, {
        usage: usageOf("ask"),
      });
    default:
      return { name: b.action, task: b.task, version: b.version };
  }
};

const unboundView = (): View => ({
  tone: "info",
  lines: [
    "This workspace is not connected to a firm yet.",
    'To start one: setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
    "If your firm already uses Delegate elsewhere, ask its admin for a code (link) and say here: link CODE",
  ],
  audience: "private",
});

const noDirectory: Directory = {
  lookup: async (ref) => (ref.name ? { userId: ref.name, displayName: ref.name } : undefined),
};

/** Routes a command of a known person to the service that does it. */
const run = (deps: Deps, actor: Actor, cmd: Command, directory: Directory): Promise<View> => {
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: actor.firm.tz }).toISODate() ?? "";
  switch (cmd.name) {
    case "help":
      return Promise.resolve(helpView(cmd.topic));
    case "setup":
      throw alreadyBound(actor.firm.name);
    case "firm set":
      return firmSet(deps, actor, cmd);
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
      return showTask(deps, actor, cmd.task);
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

/**
 * The one dispatcher: typed text and button clicks from every platform come through here,
 * are checked against who is speaking, and leave as a View. Expected failures become a
 * one-line reply with usage; a database that cannot be reached a clear "try again"; anything
 * else is logged with a reference and apologised for.
 */
const dispatcher = (deps: Deps): Core => ({
  home: (speaker) => homeViews(deps, checkedSpeaker(speaker)),
  async handle(received) {
    const started = Date.now();
    let name = "unparsed";
    let actor: Actor | undefined;
    let inbound = received;
    try {
      inbound = { ...received, speaker: checkedSpeaker(received.speaker) };
      const cmd = inbound.form
        ? commandOfForm(inbound.form)
        : inbound.button
          ? commandOfButton(inbound.button)
          : parseCommand(inbound.text ?? "");
      name = cmd.name;
      const who = await resolveSpeaker(deps.db, inbound.speaker, deps.clock.now());
      let view: View;
      if (cmd.name === "help") view = helpView(cmd.topic);
      else if (who.kind === "unbound") {
        if (cmd.name === "setup") view = await setupFirm(deps, inbound.speaker, cmd);
        else if (cmd.name === "link" && cmd.code) view = await useLinkCode(deps, inbound.speaker, cmd.code);
        else view = unboundView();
      } else if (who.kind === "unknown") {
        view = {
          tone: "info",
          lines: [
            `You are not on ${who.firm.name}'s Delegate team yet.`,
            "Ask an admin of your firm to add you (team add @you role:professional); then type help.",
          ],
          audience: "private",
        };
      } else if (who.kind === "shut_out") {
        // Inactive, or a professional with no NDA in force: nothing but this line, and the attempt is audited.
        await recordAudit(deps.db, {
          firmId: who.firm.id,
          at: deps.clock.now(),
          actorId: who.person.id,
          action: "access.refused",
          detail: { via: cmd.name, reason: who.reason },
        });
        view = {
          tone: "info",
          lines: [shutOutMessage(who.reason, who.firm.name, who.person)],
          audience: "private",
        };
      } else {
        actor = who.actor;
        view = await run(deps, who.actor, cmd, checkedDirectory(inbound.directory ?? noDirectory));
      }
      deps.logger.info(
        { cmd: name, platform: inbound.speaker.platform, ms: Date.now() - started },
        "command",
      );
      return view;
    } catch (thrown) {
      const caught = databaseTrouble(thrown) ?? thrown;
      const e = inbound.form ? pinToField(inbound.form, caught) : caught;
      if (isDelegateError(e)) {
        if (e.refusal && actor) await auditRefusal(deps, actor, e.refusal);
        deps.logger.info(
          { cmd: name, platform: inbound.speaker.platform, refused: e.code },
          "command refused",
        );
        return errorView(e);
      }
      const ref = randomBytes(4).toString("hex");
      // The logger keeps the error's class, code and stack frames only (src/logger.ts): its message
      // may quote SQL parameters, which are task text.
      deps.logger.error(
        { cmd: name, ref, err: e instanceof Error ? e : { type: typeof e } },
        "command failed",
      );
      return {
        tone: "error",
        lines: [
          `Sorry, that did not work on our side (reference ${ref}). Please try again in a moment; if it keeps happening, give your admin the reference.`,
        ],
        audience: "private",
      };
    }
  },
});

/**
 * A professional's refused attempt on a task or matter they may not see, written after the
 * command's transaction rolled back. The reply is the same as for something missing; a failure
 * to record it is logged (without task text) and does not change the reply.
 */
const auditRefusal = async (deps: Deps, actor: Actor, refusal: Refusal): Promise<void> => {
  try {
    await recordAudit(deps.db, {
      firmId: actor.firm.id,
      at: deps.clock.now(),
      actorId: actor.person.id,
      action: "access.refused",
      taskId: refusal.taskId ?? null,
      matterId: refusal.matterId ?? null,
      detail: refusal.detail,
    });
  } catch (e) {
    deps.logger.warn({ err: e instanceof Error ? e.name : typeof e }, "refused attempt not audited");
  }
};

/**
 * The core, answering every request within ANSWER_WITHIN_MS (src/commands/deadline.ts): past
 * that, "try again" (nothing was changed) or, if a save was already committing, "check first".
 */
export const createCore = (deps: Deps): Core => {
  const core = dispatcher(deps);
  return {
    ...core,
    handle: (inbound) =>
      answerWithin(
        ANSWER_WITHIN_MS,
        () => core.handle(inbound),
        (late) => {
          deps.logger.warn(
            { platform: inbound.speaker.platform, ms: ANSWER_WITHIN_MS, refused: late.code },
            "command timed out",
          );
          const e = inbound.form ? pinToField(inbound.form, late) : late;
          return errorView(isDelegateError(e) ? e : late);
        },
      ),
  };
};
