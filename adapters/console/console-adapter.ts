import type { ChatAdapter, Delivery, PlatformLimits, Sender, Speaker, ViewFile } from "../../src/core.js";
import { renderText } from "./render-text.js";
import { saveFile } from "./save-file.js";

/** `→ @maria: T-4 · …` (a channel: `→ #console: …`), then the rest of the view indented under it. */
export const renderNotification = (delivery: Delivery): string[] => {
  const to = delivery.to;
  const who = to.kind === "person" ? `@${to.userName ?? to.userId}` : `#${to.channelId}`;
  const [first = "", ...rest] = renderText(delivery.view);
  return [`→ ${who}: ${first}`, ...rest.map((line) => `    ${line}`)];
};

/** A Sender for console users that hands each rendered notification to `print`. */
export const createConsoleSender = (print: (lines: string[]) => void): Sender => ({
  platform: "console",
  send: async (delivery) => {
    print(renderNotification(delivery));
    return undefined;
  },
});

/** A terminal shows any length; people are named `@name`; nothing to space out. */
export const CONSOLE_LIMITS: PlatformLimits = {
  maxTextChars: Number.POSITIVE_INFINITY,
  maxActions: Number.POSITIVE_INFINITY,
  maxFields: Number.POSITIVE_INFINITY,
  mention: (person) => `@${person.name ?? person.userId}`,
  channelSpacingMs: 0,
};

export interface ConsoleAdapter extends ChatAdapter {
  readonly platform: "console";
  deliverFile(to: Speaker, file: ViewFile): ReturnType<NonNullable<ChatAdapter["deliverFile"]>>;
}

/**
 * The console as a chat adapter: no routes (the terminal is its entry point, run-console.ts), a
 * sender that prints each notification, files saved under EXPORT_DIR for the OS user alone.
 */
export const createConsoleAdapter = (options: {
  print: (lines: string[]) => void;
  exportDir?: string | undefined;
}): ConsoleAdapter => ({
  platform: "console",
  routes: {},
  sender: createConsoleSender(options.print),
  limits: CONSOLE_LIMITS,
  deliverFile: async (_to, file) => {
    const where = await saveFile(options.exportDir ?? "./exports", file);
    options.print([`Saved to ${where}`]);
    return { where };
  },
  start: async () => undefined,
  stop: async () => undefined,
});
