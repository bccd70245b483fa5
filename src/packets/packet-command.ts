import type { Command } from "../commands/command.js";
import { DelegateError } from "../domain/errors.js";
import type { Actor } from "../services/actor.js";
import type { Deps } from "../services/deps.js";
import type { View } from "../views/view.js";

type Packet = Extract<Command, { name: "packet" }>;

export const packetCommand = async (_deps: Deps, _actor: Actor, _cmd: Packet): Promise<View> => {
  throw new DelegateError("invalid", "packet is not available yet.");
};
