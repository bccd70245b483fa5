import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
  postgres?: string;
  /** 1-minute load average when the run started: other work on the box skews every figure. */
  loadAverage: number;
}

const cpuModel = (): string => {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? cpus()[0]?.model ?? "unknown";
  } catch {
    return cpus()[0]?.model ?? "unknown";
  }
};

/** What the numbers were measured on: they mean little without it. */
export const describeMachine = (postgres?: string): Machine => ({
  cpus: cpus().length,
  cpuModel: cpuModel(),
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  ...(postgres ? { postgres } : {}),
  loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
});
