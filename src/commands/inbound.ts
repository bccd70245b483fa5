import type { ButtonPayload, Command } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";
import type { Directory, Speaker } from "../services/deps.js";
import { commandOfForm, type FormInput, pinToField } from "./forms.js";
import { parseCommand } from "./parse.js";
import { usageOf } from "./usage.js";

/*
 * What reaches the core from a platform (an Inbound) and the command each stands for; the
 * dispatcher (dispatch.ts) decides who is speaking and what they get.
 */

/**
 * One message, click or form from any platform: exactly one of the three, told apart by `kind`
 * (a typed command may leave it out). An empty command line is `help`; nothing else is.
 */
export type Inbound = InboundFrom &
  (
    | { kind?: "command" /** A typed command line. */; text: string }
    | { kind: "click" /** Untrusted: it carries task and version only. */; button: ButtonPayload }
    | {
        kind: "form";
        /** A submitted form (Slack modal, Teams card): validated field by field, errors come back in fieldErrors. */
        form: FormInput;
      }
  );

/** Who sent an Inbound, and how to look up the users it names. */
export interface InboundFrom {
  speaker: Speaker;
  /** Looks up users a command names; only `team add` needs it. */
  directory?: Directory;
}

export interface ClickOptions {
  /**
   * Redraw the task after a refused click too (Teams replaces the card with the answer, so it
   * needs the task under the refusal). Slack answers a refusal privately and leaves the message
   * alone: the task is not read, so no read is audited.
   */
  redrawRefused?: boolean;
}
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

/** The command an Inbound stands for. */
export const commandOf = (inbound: Inbound): Command => {
  switch (inbound.kind) {
    case "click":
      return commandOfButton(inbound.button);
    case "form":
      return commandOfForm(inbound.form);
    default:
      return parseCommand(inbound.text);
  }
};

/** Field errors are pinned to a form's fields; other inbounds have none. */
export const pinned = (inbound: Inbound, e: unknown): unknown =>
  inbound.kind === "form" ? pinToField(inbound.form, e) : e;

/** The task a click is about: a button's, or a task form's (the assign form has none yet). */
export const taskOfClick = (inbound: Inbound): number | undefined => {
  if (inbound.kind === "click") return inbound.button.task;
  if (inbound.kind === "form" && inbound.form.kind !== "assign") return inbound.form.task;
  return undefined;
};

/** A Teams refresh stands for reading the task; the redraw decides what is read and how it is audited. */
export const refreshOf = (speaker: Speaker, task: number): Inbound => ({ speaker, text: `show T-${task}` });
