import type { ButtonAction } from "../domain/vocabulary.js";

/**
 * The platform-neutral reply model. The core only ever answers with views;
 * Slack renders them as Block Kit, Teams as Adaptive Cards, the console as text.
 */
export interface View {
  tone: "info" | "success" | "warning" | "error";
  /** Short heading, e.g. "T-42 · Review deposition exhibits". */
  title?: string;
  /** Paragraphs, in order. Plain text with no markup. */
  lines: string[];
  fields?: ViewField[];
  /** Rows of a list (tasks, people, audit events). */
  items?: ViewItem[];
  actions?: ViewAction[];
  /** The next page of a long list (tasks, audit events): a button in chat, a line to type in the console. */
  more?: ViewMore;
  /** "private": only the speaker sees it (ephemeral); "channel": may be posted where it was asked. */
  audience: "private" | "channel";
  /** Usage line shown with an error. */
  usage?: string;
  /** field → problem, for forms (Slack modals, Teams cards). */
  fieldErrors?: Record<string, string>;
  /** A file for the speaker alone (a packet): the adapter delivers it privately. */
  file?: ViewFile;
  /** A picture shown with the message (the digest's chart). */
  image?: ViewImage;
}

export interface ViewFile {
  filename: string;
  mediaType: string;
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`, as recorded in the audit trail. */
  sha256: string;
}

/**
 * A PNG shown in a message. Base64, since views travel through the outbox as JSON. `alt` says
 * what it shows in words, for screen readers and wherever images are not shown.
 */
export interface ViewImage {
  title: string;
  alt: string;
  pngBase64: string;
  width: number;
  height: number;
}

export interface ViewField {
  label: string;
  value: string;
}

export interface ViewItem {
  text: string;
  /** Optional task number so an adapter can add per-row buttons or links. */
  task?: number;
}

/**
 * Paging as an action. `command` is the next page's command exactly as a person would type it
 * (`list mine page:2`), so running it re-checks everything a typed command is checked for.
 */
export interface ViewMore {
  label: string;
  command: string;
}

/** The "More" of a list whose next page is `command`. */
export const moreOf = (command: string): ViewMore => ({ label: "More", command });

export interface ViewAction {
  action: ButtonAction;
  task: number;
  version: number;
  label: string;
  style?: "primary" | "danger";
}

/**
 * The core's answer to a click (a task's button, or a task's form): what the action did, and the
 * task as the clicker may see it now, read in the same call, so the adapter redraws the card or
 * message it came from without asking again. `current` is absent when they may no longer see the
 * task (or it could not be read); the adapter then shows `outcome` alone.
 */
export interface Resolved {
  outcome: View;
  current?: View;
}

export const infoView = (lines: string[], extra: Partial<View> = {}): View => ({
  tone: "info",
  lines,
  audience: "private",
  ...extra,
});
