import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type Matter, matterStaff, matters, type Person } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { DelegateError } from "../domain/errors.js";
import { assignmentBlocker, requireRole } from "../domain/policy.js";
import type { View } from "../views/view.js";
import { type Actor, findPerson } from "./actor.js";
import { recordAudit } from "./audit.js";
import type { Deps } from "./deps.js";

type MatterAdd = Extract<Command, { name: "matter add" }>;
type MatterStaff = Extract<Command, { name: "matter staff" }>;

export const findMatter = async (db: Executor, firmId: string, number: string): Promise<Matter> => {
  const [matter] = await db
    .select()
    .from(matters)
    .where(and(eq(matters.firmId, firmId), eq(matters.number, number)))
    .limit(1);
  if (!matter) {
    throw new DelegateError(
      "not_found",
      `Matter ${number} not found. An admin can open it: matter add ${number} "Title"`,
    );
  }
  return matter;
};

export const findMatterById = async (db: Executor, id: string): Promise<Matter> => {
  const [matter] = await db.select().from(matters).where(eq(matters.id, id)).limit(1);
  if (!matter) throw new Error(`matter ${id} vanished`);
  return matter;
};

/** Give a professional need-to-know access to a matter, audited; true when newly staffed. */
export const staffOnMatter = async (
  tx: Executor,
  actor: Actor,
  matter: Matter,
  person: Person,
  at: Date,
  via: "matter staff" | "assign" | "reassign",
): Promise<boolean> => {
  const inserted = await tx
    .insert(matterStaff)
    .values({ matterId: matter.id, personId: person.id, staffedBy: actor.person.id, createdAt: at })
    // A current grant already exists: nothing to do (ended grants stay as history).
    .onConflictDoNothing({
      target: [matterStaff.matterId, matterStaff.personId],
      where: isNull(matterStaff.removedAt),
    })
    .returning();
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
