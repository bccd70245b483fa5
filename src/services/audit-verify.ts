import type { Tx } from "../../db/client.js";
import { withoutDeadline } from "../../db/deadline.js";
import { formatLocal } from "../domain/due-time.js";
import { requireRole } from "../domain/policy.js";
import { taskRef } from "../views/task-view.js";
import type { View } from "../views/view.js";
import { plural } from "../views/words.js";
import type { Actor } from "./actor.js";
import {
  type ChainCheck,
  type ChainProblem,
  chainHead,
  type EventRef,
  shortHash,
  verifyChain,
} from "./audit-chain.js";
import type { Deps } from "./deps.js";
import { enqueue } from "./outbox.js";
import { recordAudit } from "./record-audit.js";

/** "#57 (Thu 3 Dec 2026, 10:04 AM EST, task approved by Bob on T-3, M-1)": which event, when, what. */
const describe = (e: EventRef, tz: string): string => {
  const what = [
    e.action.replace(/[._]/g, " "),
    e.actorName ? `by ${e.actorName}` : undefined,
    e.taskNumber !== null ? `on ${taskRef(e.taskNumber)}` : undefined,
  ]
    .filter(Boolean)
    .join(" ");
  return `#${e.seq} (${formatLocal(e.at, tz)}, ${what}${e.matterNumber ? `, ${e.matterNumber}` : ""})`;
};

const range = (from: number, to: number): string =>
  from === to ? `event #${from} is` : `events #${from}–#${to} are`;

const brokenLine = (p: ChainProblem, tz: string): string => {
  switch (p.kind) {
    case "altered":
      return `Audit trail broken at event ${describe(p.event, tz)}: its contents were changed after it was recorded.`;
    case "inserted":
      return `Audit trail broken at event ${describe(p.event, tz)}: it was slipped into the trail afterwards; the events around it do not chain through it.`;
    case "missing":
      return `Audit trail broken at event ${describe(p.event, tz)}: ${range(p.from, p.to)} missing before it (deleted).`;
    case "unlinked":
      return `Audit trail broken at event ${describe(p.event, tz)}: it does not follow from the event before it, so one of the two was rewritten after it was recorded.`;
    case "truncated":
      return p.event
        ? `Audit trail broken at the end, after event ${describe(p.event, tz)}: ${range(p.from, p.to)} missing (deleted).`
        : `Audit trail broken at the start: ${range(p.from, p.to)} missing (deleted); no event is left.`;
  }
};

/** Events before the first bad one still check out. */
const intactBefore = (p: ChainProblem): number => ("from" in p ? p.from : p.event.seq) - 1;

export const auditCheckView = (check: ChainCheck, tz: string): View => {
  if (!check.intact) {
    const good = intactBefore(check.problem);
    return {
      tone: "warning",
      title: "Audit trail check",
      lines: [
        brokenLine(check.problem, tz),
        `${good > 0 ? `Events #1–#${good} check out. ` : ""}Someone with direct access to the database changed the trail outside Delegate: tell your IT person, and keep this message.`,
      ],
      audience: "private",
    };
  }
  const lines =
    check.first && check.last && check.head
      ? [
          `Audit trail intact: ${plural(check.events, "event")}, from ${describe(check.first, tz)} to ${describe(check.last, tz)}.`,
          `Chain head: #${check.head.seq} ${shortHash(check.head.hash)}. Each weekly digest shows the head as it was when posted.`,
        ]
      : [`Audit trail intact: ${plural(check.events, "event")} so far.`];
  return { tone: "success", title: "Audit trail check", lines, audience: "private" };
};

/**
 * Above this many events a check may outlast a chat reply (it costs ~30-40 µs an event on a busy
 * 2-core PostgreSQL): it runs in the background and the result comes by direct message.
 */
export const INLINE_VERIFY_LIMIT = 20_000;

const CHECK_NOT_RECORDED = "This check could not be added to the trail itself.";

/**
 * Records the check on the trail, so an auditor sees who checked, when, and what they were told;
 * `send` queues the result in the same transaction. A trail damaged so badly that nothing can be
 * added to it (events renumbered past its head) still gets its report.
 */
const recordCheck = async (
  deps: Deps,
  actor: Actor,
  check: ChainCheck,
  view: View,
  send?: (tx: Tx, view: View) => Promise<void>,
): Promise<View> => {
  const event = {
    firmId: actor.firm.id,
    at: deps.clock.now(),
    actorId: actor.person.id,
    action: "audit.verified" as const,
    detail: check.intact
      ? { intact: true, events: check.events }
      : {
          intact: false,
          events: check.events,
          problem: check.problem.kind,
          seq: check.problem.event?.seq ?? 0,
        },
  };
  try {
    await deps.db.transaction(async (tx) => {
      await recordAudit(tx, event);
      await send?.(tx, view);
    });
    return view;
  } catch (e) {
    if (check.intact) throw e;
    deps.logger.warn({ err: e }, "audit verify could not record its check on a broken trail");
    const noted = { ...view, lines: [...view.lines, CHECK_NOT_RECORDED] };
    if (send) await deps.db.transaction((tx) => send(tx, noted));
    return noted;
  }
};

/** A long check: verified outside the request, the result queued to the admin who asked. */
const checkInBackground = async (deps: Deps, actor: Actor, asked: Date): Promise<void> => {
  const check = await verifyChain(deps.db, actor.firm.id);
  await recordCheck(deps, actor, check, auditCheckView(check, actor.person.tz), (tx, view) =>
    enqueue(tx, deps.clock.now(), [
      {
        firmId: actor.firm.id,
        personId: actor.person.id,
        kind: "audit.verified",
        dedupeKey: `audit-verify:${actor.person.id}:${asked.toISOString()}`,
        view,
      },
    ]),
  );
};

/** `audit verify` (admins): recomputes the firm's whole hash chain. */
export const auditVerify = async (
  deps: Deps,
  actor: Actor,
  options: { inlineLimit?: number } = {},
): Promise<View> => {
  requireRole(actor.person, ["admin"], "verify the audit trail");
  const events = (await chainHead(deps.db, actor.firm.id))?.seq ?? 0;
  if (events > (options.inlineLimit ?? INLINE_VERIFY_LIMIT)) {
    const asked = deps.clock.now();
    void withoutDeadline(() => checkInBackground(deps, actor, asked)).catch((e: unknown) =>
      deps.logger.error({ err: e }, "audit verify failed in the background"),
    );
    return {
      tone: "info",
      title: "Audit trail check",
      lines: [
        `Checking ${plural(events, "event")} takes a while: the result will come to you as a direct message.`,
      ],
      audience: "private",
    };
  }
  const check = await verifyChain(deps.db, actor.firm.id);
  return recordCheck(deps, actor, check, auditCheckView(check, actor.person.tz));
};
