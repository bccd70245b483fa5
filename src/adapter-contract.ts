import type { Logger } from "pino";
import type { Core } from "./commands/dispatch.js";
import type { Config } from "./config.js";
import type { Route } from "./http/http-server.js";
import { type Delivery, failureOutcome, type Sender, type SendOutcome } from "./notify/sender.js";
import type { Deps, Speaker } from "./services/deps.js";
import type { ViewFile } from "./views/view.js";

/**
 * The one chat-adapter contract (docs/adapter-contract.md). A chat platform is one folder under
 * adapters/ that builds a ChatAdapter, one line in the composition root's registry, and passes the
 * suite in tests/contract/. The core never knows which platforms exist.
 */

/** What a platform can show in one message; renderers stay within it, the contract suite checks. */
export interface PlatformLimits {
  /** Longest text of one paragraph, field or fallback the platform shows whole. */
  maxTextChars: number;
  /** Most buttons shown together. */
  maxActions: number;
  /** Most label/value fields shown together. */
  maxFields: number;
  /** How a person is mentioned in this platform's message text (Slack `<@U1>`, Teams `<at>Name</at>`). */
  mention(person: { userId: string; name?: string | undefined }): string;
  /** Least time between two posts to one channel (the outbox spaces them). */
  channelSpacingMs: number;
}

export { failureOutcome, type SendOutcome };

/** Sends one delivery and says what became of it (senders throw; this names the outcome). */
export const sendOutcome = async (sender: Sender, delivery: Delivery): Promise<SendOutcome> => {
  try {
    const result = await sender.send(delivery);
    return result?.externalRef !== undefined
      ? { kind: "ok", externalRef: result.externalRef }
      : { kind: "ok" };
  } catch (e) {
    return failureOutcome(e);
  }
};

export interface ChatAdapter {
  /** The platform's name, as speakers, identities and senders carry it ("slack", "teams", …). */
  readonly platform: Speaker["platform"];
  /** HTTP routes mounted on the one server, by path (none for a terminal or a socket). */
  readonly routes: Readonly<Record<string, Route>>;
  /** Delivers outbox notifications to people and channels of this platform. */
  readonly sender: Sender;
  readonly limits: PlatformLimits;
  /**
   * Delivers a file (a packet, an export) privately to the speaker who asked for it. Optional: a
   * platform without it shows the file's name and where to find it.
   */
  deliverFile?(to: Speaker, file: ViewFile): Promise<FileDelivered>;
  /** Connects (a socket) once the server listens; over HTTP there is nothing to start. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Where a delivered file went, in words for the reply ("your direct message with Delegate"). A failure throws. */
export interface FileDelivered {
  where: string;
}

/** What the composition root hands each adapter it builds. */
export interface AdapterContext {
  core: Core;
  deps: Deps;
  config: Config;
  logger: Logger;
}

/** One line of the registry: a platform, and how to build its adapter when the configuration enables it. */
export interface AdapterRegistration {
  platform: string;
  /** The adapter, or undefined when the configuration does not enable this platform. */
  create(context: AdapterContext): Promise<ChatAdapter | undefined>;
}
