import { randomBytes } from "node:crypto";
import { shutOutMessage } from "../domain/access.js";
import type { Command } from "../domain/command.js";
import { type DelegateError, isDelegateError, type Refusal } from "../domain/errors.js";
import { type Actor, resolveSpeaker } from "../services/actor.js";
import type { Deps, Directory, Speaker } from "../services/deps.js";
import { setupFirm } from "../services/firm-service.js";
import { homeViews } from "../services/home-service.js";
import { useLinkCode } from "../services/link-codes.js";
import { recordAudit } from "../services/record-audit.js";
import { checkedDirectory, checkedSpeaker } from "../services/speaker-boundary.js";
import { showTask, type TaskRead } from "../services/task-queries.js";
import type { Resolved, View } from "../views/view.js";
import { ANSWER_WITHIN_MS, answerWithin, databaseTrouble } from "./answer-deadline.js";
import { helpView } from "./help.js";
import { type ClickOptions, commandOf, type Inbound, pinned, refreshOf, taskOfClick } from "./inbound.js";
import { runCommand } from "./run-command.js";

export interface Core {
  handle(inbound: Inbound): Promise<View>;
  /**
   * A click on a task's button, or a task's form sent: one trip through the core (one deadline,
   * one look-up of who clicked) that answers with what it did and the task as they may see it
   * now, for the adapter to redraw in place. The redraw is audited as `task.viewed via:"click"`.
   */
  click(inbound: Inbound, options?: ClickOptions): Promise<Resolved>;
  /**
   * Teams redrawing a task's card by itself (an automatic `refresh`): the task as this person may
   * see it now. It shows a professional the task's current state, so it is a read and is audited,
   * as `via:"refresh"`, which a reviewer can tell apart from a typed `show` or a click
   * (docs/supervision-review.md, "What they read"). A refusal here is not an attempt of theirs
   * and is not audited as one.
   */
  refresh(speaker: Speaker, task: number): Promise<View>;
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

const unboundView = (): View => ({
  tone: "info",
  lines: [
    "This workspace is not connected to a firm yet.",
    'To start one: setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
    "If your firm already uses Delegate elsewhere, ask its admin for a code (link) and say here: link CODE",
  ],
  audience: "private",
});

/** How a request is answered besides its command: a click's redraw, or a refresh's read. */
interface Redraw {
  task: number;
  via: Exclude<TaskRead, "show">;
  redrawRefused?: boolean;
}

const noDirectory: Directory = {
  lookup: async (ref) => (ref.name ? { userId: ref.name, displayName: ref.name } : undefined),
};

/**
 * The one dispatcher: typed text and button clicks from every platform come through here,
 * are checked against who is speaking, and leave as a View. Expected failures become a
 * one-line reply with usage; a database that cannot be reached a clear "try again"; anything
 * else is logged with a reference and apologised for.
 */
const dispatcher = (deps: Deps) => {
  /** The task as the clicker may see it now, or nothing: the click's own answer stands regardless. */
  const redrawn = async (actor: Actor, task: number): Promise<View | undefined> => {
    try {
      return await showTask(deps, actor, task, "click");
    } catch (e) {
      // Not theirs to see any more (reassigned, unstaffed), or the database: the outcome is shown alone.
      if (!isDelegateError(e))
        deps.logger.warn({ err: e instanceof Error ? e.name : typeof e }, "redraw failed");
      return undefined;
    }
  };
  const redrawRefused = async (speaker: Speaker, known: Actor | undefined, task: number) => {
    if (known) return redrawn(known, task);
    try {
      const who = await resolveSpeaker(deps.db, speaker, deps.clock.now());
      return who.kind === "known" ? await redrawn(who.actor, task) : undefined;
    } catch {
      return undefined;
    }
  };
  const answer = async (received: Inbound, redraw?: Redraw): Promise<Resolved> => {
    const started = Date.now();
    let name = "unparsed";
    let actor: Actor | undefined;
    let inbound = received;
    try {
      inbound = { ...received, speaker: checkedSpeaker(received.speaker) };
      const cmd: Command =
        redraw?.via === "refresh" ? { name: "show", task: redraw.task } : commandOf(inbound);
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
        // Inactive, or a professional with no NDA in force: nothing but this line, and the attempt
        // is audited (a card Teams refreshes by itself is no attempt of theirs).
        if (redraw?.via !== "refresh")
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
        const directory = checkedDirectory(inbound.directory ?? noDirectory);
        view = await runCommand(deps, who.actor, cmd, directory, redraw?.via ?? "show");
      }
      deps.logger.info(
        { cmd: name, platform: inbound.speaker.platform, ms: Date.now() - started },
        "command",
      );
      const current = actor && redraw?.via === "click" ? await redrawn(actor, redraw.task) : undefined;
      return current ? { outcome: view, current } : { outcome: view };
    } catch (thrown) {
      const caught = databaseTrouble(thrown) ?? thrown;
      const e = pinned(inbound, caught);
      if (isDelegateError(e)) {
        if (e.refusal && actor && redraw?.via !== "refresh") await auditRefusal(deps, actor, e.refusal);
        deps.logger.info(
          { cmd: name, platform: inbound.speaker.platform, refused: e.code },
          "command refused",
        );
        // A refused click (a stale button, a second click, a form's field refused before anyone
        // was looked up) still redraws what is there now, when the adapter shows it.
        const current =
          redraw?.via === "click" &&
          redraw.redrawRefused &&
          e.code !== "unavailable" &&
          e.code !== "unconfirmed"
            ? await redrawRefused(inbound.speaker, actor, redraw.task)
            : undefined;
        return current ? { outcome: errorView(e), current } : { outcome: errorView(e) };
      }
      const ref = randomBytes(4).toString("hex");
      // The logger keeps the error's class, code and stack frames only (src/logger.ts): its message
      // may quote SQL parameters, which are task text.
      deps.logger.error(
        { cmd: name, ref, err: e instanceof Error ? e : { type: typeof e } },
        "command failed",
      );
      return {
        outcome: {
          tone: "error",
          lines: [
            `Sorry, that did not work on our side (reference ${ref}). Please try again in a moment; if it keeps happening, give your admin the reference.`,
          ],
          audience: "private",
        },
      };
    }
  };
  return {
    home: (speaker: Speaker) => homeViews(deps, checkedSpeaker(speaker)),
    handle: async (inbound: Inbound) => (await answer(inbound)).outcome,
    click: (inbound: Inbound, options: ClickOptions = {}) => {
      const task = taskOfClick(inbound);
      return answer(inbound, task === undefined ? undefined : { task, via: "click", ...options });
    },
    refresh: async (speaker: Speaker, task: number) =>
      (await answer(refreshOf(speaker, task), { task, via: "refresh" })).outcome,
  } satisfies Core;
};

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
 * The core, answering every request (and every Home page) within ANSWER_WITHIN_MS (src/commands/answer-deadline.ts): past
 * that, "try again" (nothing was changed) or, if a save was already committing, "check first".
 */
export const createCore = (deps: Deps): Core => {
  const core = dispatcher(deps);
  const lateView = (inbound: Inbound, late: DelegateError): View => {
    deps.logger.warn(
      { platform: inbound.speaker.platform, ms: ANSWER_WITHIN_MS, refused: late.code },
      "command timed out",
    );
    const e = pinned(inbound, late);
    return errorView(isDelegateError(e) ? e : late);
  };
  return {
    // A Home page past the deadline is one line saying so (Slack shows nothing of a late answer).
    home: (speaker) =>
      answerWithin(
        ANSWER_WITHIN_MS,
        () => core.home(speaker),
        (late) => {
          deps.logger.warn(
            { platform: speaker.platform, ms: ANSWER_WITHIN_MS, refused: late.code },
            "home timed out",
          );
          return [errorView(late)];
        },
      ),
    handle: (inbound) =>
      answerWithin(
        ANSWER_WITHIN_MS,
        () => core.handle(inbound),
        (late) => lateView(inbound, late),
      ),
    // The click and its redraw share one deadline: the redraw is part of the answer.
    click: (inbound, options) =>
      answerWithin(
        ANSWER_WITHIN_MS,
        () => core.click(inbound, options),
        (late) => ({ outcome: lateView(inbound, late) }),
      ),
    refresh: (speaker, task) =>
      answerWithin(
        ANSWER_WITHIN_MS,
        () => core.refresh(speaker, task),
        (late) => lateView(refreshOf(speaker, task), late),
      ),
  };
};
