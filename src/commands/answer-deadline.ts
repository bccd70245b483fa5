import { type Deadline, runUnderDeadline } from "../../db/deadline.js";
import { databaseUnavailable, isLostConnection } from "../../db/unavailable.js";
import { DelegateError } from "../domain/errors.js";

/**
 * Every request is answered within this long. Slack gives up on a slash command after 3 s (a
 * later reply is never shown), so a reply after that is as good as none; Teams and the console
 * are held to the same bound.
 */
export const ANSWER_WITHIN_MS = 2500;

export const UNREACHABLE =
  "Delegate cannot reach its database right now, so nothing was changed. Please try again in a minute.";
export const TOO_SLOW =
  "Delegate's database did not answer in time, so nothing was changed. Please try again in a minute.";
export const UNCONFIRMED =
  "Delegate lost touch with its database while saving this, so it cannot tell whether it was saved. Check (list mine, or show the task) before you try again.";

/**
 * A database failure as the person should hear it, or undefined when `e` is not one:
 * - refused before anything was sent, or the session ended before COMMIT → "unavailable";
 * - the request's deadline passed (its transaction rolled back) → "unavailable";
 * - the connection died while a COMMIT was on its way → "unconfirmed".
 */
export const databaseTrouble = (e: unknown): DelegateError | undefined => {
  const refused = databaseUnavailable(e);
  if (refused) {
    if (refused.reason === "unknown") return new DelegateError("unconfirmed", UNCONFIRMED);
    return new DelegateError("unavailable", refused.reason === "deadline" ? TOO_SLOW : UNREACHABLE);
  }
  if (isLostConnection(e)) return new DelegateError("unavailable", UNREACHABLE);
  return undefined;
};

/**
 * Runs `work` and answers within `ms`: with its result, or else with `late(error)`. When the
 * time is up the database layer refuses anything more for this request, and a transaction that
 * has not reached COMMIT rolls back (db/deadline.ts), so "nothing was changed" is true; if a
 * COMMIT was already on its way the answer says the outcome is unknown instead.
 */
export const answerWithin = async <T>(
  ms: number,
  work: () => Promise<T>,
  late: (e: DelegateError) => T,
): Promise<T> => {
  const deadline: Deadline = { expired: false, committing: 0 };
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      deadline.expired = true;
      resolve(
        late(
          deadline.committing > 0
            ? new DelegateError("unconfirmed", UNCONFIRMED)
            : new DelegateError("unavailable", TOO_SLOW),
        ),
      );
    }, ms);
  });
  try {
    return await Promise.race([runUnderDeadline(deadline, work), timedOut]);
  } finally {
    clearTimeout(timer);
  }
};
