import type { HttpAnswer } from "../load/http-client.js";

/** A request unanswered after this long is a hang, whatever came later. */
export const HANG_MS = 3000;

/** A reply that says the command did not go through and to try again (nothing was changed). */
export const TRY_AGAIN =
  /did not work on our side|cannot reach its database|did not answer in time|try again in a/i;
/** A reply that says the outcome is unknown and to check before retrying. */
export const UNCONFIRMED = /cannot tell whether it was saved/i;

/** What users saw in one phase of the run. */
export interface PhaseTally {
  sent: number;
  /** 2xx with a normal reply (including a refusal of the command itself, e.g. "no such task"). */
  ok: number;
  /** 2xx whose reply apologises and says to try again: a clear error. */
  tryAgain: number;
  /** 2xx whose reply says the save may or may not have happened and to check first. */
  unconfirmed: number;
  /** Another HTTP status (a clear error too, but not a friendly one). */
  httpError: number;
  /** No HTTP answer within 3 s: refused or reset connection (the process was gone). */
  refused: number;
  /** Unanswered after 3 s (answered late or never). */
  hang: number;
  /** A few examples of each kind of error (three per kind), for the JSON. */
  examples: string[];
}

export const PHASES = ["steady", "chat 500", "chat 429", "server killed", "db down"] as const;
export type Phase = (typeof PHASES)[number];

const emptyTally = (): PhaseTally => ({
  sent: 0,
  ok: 0,
  tryAgain: 0,
  unconfirmed: 0,
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

  /** `what`: the request, for examples ("assign #4312"). */
  answer(phase: Phase, a: HttpAnswer, latencyMs: number, what = ""): void {
    const t = this.byPhase[phase];
    const example = (kind: string) => {
      if (t.examples.filter((x) => x.startsWith(kind.split(" ")[0] ?? kind)).length < 3)
        t.examples.push(`${kind}: ${what} ${a.status} ${a.error ?? ""} ${a.body.slice(0, 160)}`);
    };
    if (latencyMs > HANG_MS) {
      t.hang++;
      example(`hang ${Math.round(latencyMs)} ms`);
    } else if (a.status === 0) {
      t.refused++;
      example("refused");
    } else if (a.status >= 200 && a.status < 300) {
      if (UNCONFIRMED.test(a.body)) {
        t.unconfirmed++;
        example("unconfirmed");
      } else if (TRY_AGAIN.test(a.body)) {
        t.tryAgain++;
        example("try again");
      } else t.ok++;
    } else {
      t.httpError++;
      example("http");
    }
  }

  total(key: "sent" | "ok" | "tryAgain" | "unconfirmed" | "httpError" | "refused" | "hang"): number {
    return PHASES.reduce((s, p) => s + this.byPhase[p][key], 0);
  }
}
