import type { ChildProcess } from "node:child_process";

/**
 * Every process the bench starts is registered here, so that whatever happens (a failed
 * part, Ctrl-C) they are all stopped by their own pid before the bench exits.
 */
const running = new Set<ChildProcess>();

export const track = (child: ChildProcess): ChildProcess => {
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
};

export const killAll = (): void => {
  for (const child of running) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  running.clear();
};

export const runningCount = (): number => running.size;

/** The pids of the processes the bench started that still run. */
export const runningPids = (): number[] =>
  [...running].flatMap((c) => (c.pid !== undefined && c.exitCode === null ? [c.pid] : []));
