import type { Logger } from "pino";
import type { Db } from "../../db/client.js";
import type { Platform } from "../domain/vocabulary.js";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Who is speaking, as the adapter saw it. */
export interface Speaker {
  platform: Platform;
  /** Slack team id, Teams tenant id, or "console". */
  workspaceId: string;
  userId: string;
  userName?: string;
  email?: string;
  tz?: string;
  /** Where the command was said (for `digest here`). */
  channelId?: string;
  /** Platform data the adapter wants kept with the identity (e.g. a Teams conversation reference). */
  conversationRef?: unknown;
}

/** A chat user's profile, as the platform reports it. */
export interface UserProfile {
  userId: string;
  displayName: string;
  email?: string;
  tz?: string;
}

/**
 * Looks up platform users named in a command (Slack users.info, Teams roster, console names).
 * Supplied by the adapter; the core decides what to do with the answer.
 */
export interface Directory {
  lookup(ref: { id?: string; name?: string }): Promise<UserProfile | undefined>;
}

export interface Deps {
  db: Db;
  clock: Clock;
  logger: Logger;
}
