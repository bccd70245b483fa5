import type { HttpAnswer } from "../load/http-client.js";

/** A request unanswered after this long is a hang, whatever came later. */
export const HANG_MS = 3000;

/** What users saw in one phase of the run. */
export interface PhaseTally {
  sent: number;
  /** 2xx with a normal reply (including a refusal of the command itself, e.g. "no such task"). */
  ok: number;
  /** 2xx whose reply apologises and says to try again: a clear error. */
  tryAgain: number;
  /** Another HTTP status (a clear error too, but not a friendly one). */
  httpError: number;
  /** No HTTP answer within 3 s: refused or reset connection (the process was gone). */
  refused: number;
  /** Unanswered after 3 s (answered late or never). */
  hang: number;
  /** A few examples of each kind of error, for the JSON. */
  examples: string[];
}

export const PHASES = ["steady", "chat 500", "chat 429", "server killed", "db down"] as const;
export type Phase = (typeof PHASES)[number];

const emptyTally = (): PhaseTally => ({
  sent: 0,
  ok: 0,
  tryAgain: 0,
  httpError: 0,
  refused: 0,
  hang: 0,
  examples: [],
});

export class Tally {
  readonly byPhase: Record<Phase, PhaseTally> = Object.fromEntries(
    PHASES.map((p) => [p, emptyTally()]),
  ) as Record<Phase, PhaseTally>;

  sent(phase: Phase): void {
    this.byPhase[phase].sent++;
  }

  answer(phase: Phase, a: HttpAnswer, latencyMs: number): void {
    const t = this.byPhase[phase];
    const example = (kind: string) => {
      if (t.examples.length < 6)
        t.examples.push(`${kind}: ${a.status} ${a.error ?? ""} ${a.body.slice(0, 160)}`);
    };
    if (latencyMs > HANG_MS) {
      t.hang++;
      example(`hang ${Math.round(latencyMs)} ms`);
    } else if (a.status === 0) {
      t.refused++;
      example("refused");
    } else if (a.status >= 200 && a.status < 300) {
      if (/did not work on our side|try again/i.test(a.body)) {
        t.tryAgain++;
        example("try again");
      } else t.ok++;
    } else {
      t.httpError++;
      example("http");
    }
  }

  total(key: "sent" | "ok" | "tryAgain" | "httpError" | "refused" | "hang"): number {
    return PHASES.reduce((s, p) => s + this.byPhase[p][key], 0);
  }
}
