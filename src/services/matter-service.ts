import { and, eq, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { preparedPerHandle } from "../../db/prepared.js";
import { type Matter, matters } from "../../db/schema.js";
import { dayLabel } from "../domain/access.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { assignmentBlocker, requireRole } from "../domain/policy.js";
import type { View } from "../views/view.js";
import { type Actor, findPerson } from "./actor.js";
import type { Deps } from "./deps.js";
import { describeMatterChanges, matterColumns, nonConformingStaff } from "./matter-changes.js";
import { openWorkLines, openWorkOf } from "./open-work.js";
import { recordAudit } from "./record-audit.js";
import { endGrants, staffOnMatter } from "./staffing.js";

type MatterAdd = Extract<Command, { name: "matter add" }>;
type MatterStaff = Extract<Command, { name: "matter staff" }>;
type MatterUnstaff = Extract<Command, { name: "matter unstaff" }>;
type MatterSet = Extract<Command, { name: "matter set" }>;

export const matterNotFound = (number: string): DelegateError =>
  new DelegateError(
    "not_found",
    `Matter ${number} not found. An admin can open it: matter add ${number} "Title"`,
  );

// Every assign asks it inside its transaction: built once (db/prepared.ts).
const matterByNumber = preparedPerHandle((db) =>
  db
    .select()
    .from(matters)
    .where(and(eq(matters.firmId, sql.placeholder("firmId")), eq(matters.number, sql.placeholder("number"))))
    .limit(1)
    .prepare("matter_by_number"),
);

export const findMatter = async (db: Executor, firmId: string, number: string): Promise<Matter> => {
  const [matter] = await matterByNumber(db).execute({ firmId, number });
  if (!matter) throw matterNotFound(number);
  return matter;
};

export const findMatterById = async (db: Executor, id: string): Promise<Matter> => {
  const [matter] = await db.select().from(matters).where(eq(matters.id, id)).limit(1);
  if (!matter) throw new Error(`matter ${id} vanished`);
  return matter;
};

export const matterAdd = async (deps: Deps, actor: Actor, cmd: MatterAdd): Promise<View> => {
  requireRole(actor.person, ["admin"], "open matters");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [matter] = await tx
      .insert(matters)
      .values({
        firmId: actor.firm.id,
        number: cmd.number,
        title: cmd.title,
        client: cmd.client ?? null,
        area: cmd.area ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!matter) throw new DelegateError("conflict", `Matter ${cmd.number} already exists.`);
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      matterId: matter.id,
      action: "matter.created",
    });
    return { tone: "success", lines: [`Opened matter ${cmd.number}.`], audience: "private" };
  });
};

export const matterStaffCommand = async (
  deps: Deps,
  actor: Actor,
  cmd: MatterStaff,
  today: string,
): Promise<View> => {
  requireRole(actor.person, ["admin"], "staff matters");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const matter = await findMatter(tx, actor.firm.id, cmd.number);
    const person = await findPerson(tx, actor, cmd.user);
    // Staffing opens confidential files: the same NDA gate as an assignment.
    const blocker = assignmentBlocker(person, today);
    if (blocker) throw new DelegateError("invalid", blocker);
    const added = await staffOnMatter(tx, actor, matter, person, now, "matter staff");
    return {
      tone: "success",
      lines: [
        added
          ? `${person.displayName} is now staffed on ${matter.number}.`
          : `${person.displayName} was already staffed on ${matter.number}.`,
      ],
      audience: "private",
    };
  });
};

/** `matter unstaff`: ends the person's grant now (audited); what they still hold there is listed to reassign. */
export const matterUnstaff = async (deps: Deps, actor: Actor, cmd: MatterUnstaff): Promise<View> => {
  requireRole(actor.person, ["admin"], "unstaff matters");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const matter = await findMatter(tx, actor.firm.id, cmd.number);
    const person = await findPerson(tx, actor, cmd.user);
    const ended = await endGrants(tx, {
      firmId: actor.firm.id,
      personId: person.id,
      matterId: matter.id,
      reason: "unstaffed",
      at: now,
      by: actor.person.id,
    });
    if (ended.length === 0) {
      throw new DelegateError(
        "invalid",
        `${person.displayName} is not staffed on ${matter.number}. To see who is: matter show ${matter.number}`,
      );
    }
    const work = (await openWorkOf(tx, person.id, matter.id)).filter((t) => t.assigneeId === person.id);
    return {
      tone: work.length > 0 ? "warning" : "success",
      lines: [
        `${person.displayName} is no longer staffed on ${matter.number}: access ended ${formatLocal(now, actor.person.tz)}.`,
        ...(work.length > 0
          ? [
              `They can no longer see the work they still hold there.`,
              ...openWorkLines(person.id, person.displayName, work, actor.person.tz),
            ]
          : []),
      ],
      audience: "private",
    };
  });
};

/** `matter set`: restrictions, consent, billing and names; audited with what changed, in plain words. */
export const matterSet = async (deps: Deps, actor: Actor, cmd: MatterSet, today: string): Promise<View> => {
  requireRole(actor.person, ["admin"], "change matters");
  const now = deps.clock.now();
  if (cmd.consent && cmd.consent > today) {
    throw new DelegateError(
      "invalid",
      `The client's consent cannot be dated in the future (${dayLabel(cmd.consent)}). Record it once given.`,
    );
  }
  return deps.db.transaction(async (tx) => {
    const before = await findMatter(tx, actor.firm.id, cmd.number);
    const set = matterColumns(cmd);
    if (cmd.consentRef !== undefined && cmd.consent === undefined && !before.consentOn) {
      throw new DelegateError(
        "invalid",
        `${before.number} has no consent date on record. Give it with the reference: matter set ${before.number} consent:YYYY-MM-DD consent-ref:"…"`,
      );
    }
    const after: Matter = { ...before, ...set };
    const changes = describeMatterChanges(before, after);
    if (changes.length === 0) {
      throw new DelegateError(
        Object.keys(set).length === 0 ? "usage" : "invalid",
        Object.keys(set).length === 0
          ? `Say what to change, e.g. matter set ${before.number} delivery:onshore`
          : `Nothing to change: ${before.number} is already like that.`,
        {
          usage:
            'matter set M-… [title:"…"] [client:"…"] [area:…] [delivery:onshore,nearshore|all] [consent:YYYY-MM-DD|none] [consent-ref:"…"] [bill:cost|rate|none]',
        },
      );
    }
    await tx.update(matters).set(set).where(eq(matters.id, before.id));
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      matterId: before.id,
      action: "matter.updated",
      detail: { changes },
    });
    const warnings = await nonConformingStaff(tx, after, actor.firm.requireConsent);
    return {
      tone: warnings.length > 0 ? "warning" : "success",
      lines: [`Updated ${before.number}: ${changes.join("; ")}.`, ...warnings],
      audience: "private",
    };
  });
};
