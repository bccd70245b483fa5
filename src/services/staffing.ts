import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type ColumnValues, columnPlaceholders, preparedPerHandle } from "../../db/prepared.js";
import { type Matter, matterStaff, matters, type Person, tasks } from "../../db/schema.js";
import { blockerText, restrictionBlocker } from "../domain/access.js";
import { DelegateError } from "../domain/errors.js";
import { OPEN_STATUSES } from "../domain/status-machine.js";
import type { StaffingEndReason } from "../domain/vocabulary.js";
import type { Actor } from "./actor.js";
import { recordAudit } from "./record-audit.js";

/*
 * Need-to-know access to matters, as a grant history (matter_staff): a grant is a row, and ending
 * it stamps the row (when, by whom, why) instead of deleting it, so an auditor sees who could see
 * what and when. docs/access.md explains when grants begin and end.
 */

const GRANT_COLUMNS = ["matterId", "personId", "staffedBy", "createdAt"] as const;
type Grant = ColumnValues<typeof matterStaff, (typeof GRANT_COLUMNS)[number]>;

// Every assign sends it: built once (db/prepared.ts).
const grantIfNone = preparedPerHandle((db) =>
  db
    .insert(matterStaff)
    .values(columnPlaceholders(matterStaff, GRANT_COLUMNS))
    // A current grant already exists: nothing to do (ended grants stay as history).
    .onConflictDoNothing({
      target: [matterStaff.matterId, matterStaff.personId],
      where: isNull(matterStaff.removedAt),
    })
    .returning()
    .prepare("staff_on_matter"),
);

/**
 * Give a professional access to a matter, audited; true when newly granted. Every grant goes
 * through here, so the matter's restrictions (delivery model, client consent) are enforced
 * wherever access is granted: `assign`, `reassign`, `matter staff`.
 */
export const staffOnMatter = async (
  tx: Executor,
  actor: Actor,
  matter: Matter,
  person: Person,
  at: Date,
  via: "matter staff" | "assign" | "reassign",
): Promise<boolean> => {
  const blocker = restrictionBlocker(person, matter, actor.firm.requireConsent);
  if (blocker) throw new DelegateError("invalid", blockerText(blocker));
  const grant: Grant = {
    matterId: matter.id,
    personId: person.id,
    staffedBy: actor.person.id,
    createdAt: at,
  };
  const inserted = await grantIfNone(tx).execute(grant);
  if (inserted.length === 0) return false;
  await recordAudit(tx, {
    firmId: actor.firm.id,
    at,
    actorId: actor.person.id,
    matterId: matter.id,
    subjectId: person.id,
    action: "matter.staffed",
    detail: { via },
  });
  return true;
};

export interface EndedGrant {
  matterId: string;
  matterNumber: string;
}

/**
 * End a person's current grants (on one matter, or all of them), stamped `at` with `reason`, one
 * audit event per grant. `by` is null when the rule itself ended it (an NDA that lapsed).
 */
export const endGrants = async (
  tx: Executor,
  opts: {
    firmId: string;
    personId: string;
    matterId?: string;
    reason: StaffingEndReason;
    at: Date;
    by: string | null;
    /** When the event is recorded, if not `at` (an NDA lapse found after the fact). */
    recordedAt?: Date;
  },
): Promise<EndedGrant[]> => {
  const ended = await tx
    .update(matterStaff)
    .set({ removedAt: opts.at, removedBy: opts.by, removedReason: opts.reason })
    .where(
      and(
        eq(matterStaff.personId, opts.personId),
        isNull(matterStaff.removedAt),
        opts.matterId ? eq(matterStaff.matterId, opts.matterId) : undefined,
      ),
    )
    .returning({ matterId: matterStaff.matterId });
  if (ended.length === 0) return [];
  const numbered = await tx
    .select({ matterId: matters.id, matterNumber: matters.number })
    .from(matters)
    .where(
      inArray(
        matters.id,
        ended.map((e) => e.matterId),
      ),
    )
    .orderBy(matters.number);
  await recordAudit(
    tx,
    numbered.map((g) => ({
      firmId: opts.firmId,
      at: opts.recordedAt ?? opts.at,
      actorId: opts.by,
      matterId: g.matterId,
      subjectId: opts.personId,
      action: "matter.unstaffed",
      detail: {
        reason: opts.reason,
        ...(opts.recordedAt ? { accessEndedAt: opts.at.toISOString() } : {}),
      },
    })),
  );
  return numbered;
};

/**
 * After a reassignment: the previous assignee keeps access to the matter only while they hold
 * another open task on it. Their logged time stays theirs (time_entries are never moved).
 */
export const unstaffIfIdle = async (
  tx: Executor,
  actor: Actor,
  matterId: string,
  personId: string,
  at: Date,
): Promise<boolean> => {
  const [other] = await tx
    .select({ n: sql<number>`1` })
    .from(tasks)
    .where(
      and(
        eq(tasks.matterId, matterId),
        eq(tasks.assigneeId, personId),
        inArray(tasks.status, [...OPEN_STATUSES]),
      ),
    )
    .limit(1);
  if (other) return false;
  const ended = await endGrants(tx, {
    firmId: actor.firm.id,
    personId,
    matterId,
    reason: "reassigned",
    at,
    by: actor.person.id,
  });
  return ended.length > 0;
};
