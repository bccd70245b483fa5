import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { chatIdentities, type Person, people } from "../../db/schema.js";
import { ndaLapseInstant, type ShutOutReason, shutOutReason } from "../domain/access.js";
import type { Command, PersonOptions } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";
import { markupProblem, type Rates } from "../domain/markup.js";
import { requireRole } from "../domain/policy.js";
import { formatWorkingHours } from "../domain/working-hours.js";
import { zoneTime } from "../domain/zone-names.js";
import type { View } from "../views/view.js";
import { plural } from "../views/words.js";
import { type Actor, findPerson, personByIdentity, refLabel } from "./actor.js";
import { takePendingReference } from "./conversation-refs.js";
import type { Deps, Directory } from "./deps.js";
import { accessFlags } from "./matter-views.js";
import { openWorkLines, openWorkOf } from "./open-work.js";
import { describePersonChanges, ndaFacts } from "./person-changes.js";
import { recordAudit } from "./record-audit.js";
import { endGrants } from "./staffing.js";

type TeamAdd = Extract<Command, { name: "team add" }>;
type TeamSet = Extract<Command, { name: "team set" }>;

/** Person columns set by the options of `team add` / `team set`. */
const personColumns = (o: PersonOptions): Partial<typeof people.$inferInsert> => {
  const c: Partial<typeof people.$inferInsert> = {};
  if (o.role !== undefined) c.role = o.role;
  if (o.tz !== undefined) c.tz = o.tz;
  if (o.hours !== undefined) {
    c.workStart = o.hours.start;
    c.workEnd = o.hours.end;
  }
  if (o.days !== undefined) c.workDays = o.days;
  if (o.delivery !== undefined) c.delivery = o.delivery;
  if (o.provider !== undefined) c.provider = o.provider;
  if (o.nda !== undefined) c.ndaSigned = o.nda;
  if (o.ndaExpires !== undefined) c.ndaExpires = o.ndaExpires;
  if (o.rate !== undefined) c.rate = o.rate;
  if (o.cost !== undefined) c.costRate = o.cost;
  if (o.bill !== undefined) c.billRate = o.bill;
  if (o.email !== undefined) c.email = o.email.toLowerCase();
  return c;
};

export const teamAdd = async (
  deps: Deps,
  actor: Actor,
  cmd: TeamAdd,
  directory: Directory,
): Promise<View> => {
  requireRole(actor.person, ["admin"], "add people to the firm");
  // Read the platform profile before the transaction: it may be a network call.
  const profile = await directory.lookup(cmd.user);
  if (!profile) {
    throw new DelegateError("not_found", `I can't find ${refLabel(cmd.user)} in this workspace.`);
  }
  const email = (cmd.email ?? profile.email)?.toLowerCase();
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const taken = await personByIdentity(tx, { ...actor.speaker, userId: profile.userId });
    if (taken)
      throw new DelegateError(
        "conflict",
        `${taken.displayName} is already on the team. To change them: team set`,
      );
    // One person, several platforms: the same e-mail joins the existing person.
    const [sameEmail] = email
      ? await tx
          .select()
          .from(people)
          .where(and(eq(people.firmId, actor.firm.id), eq(people.email, email)))
          .limit(1)
      : [];
    const person = sameEmail ?? (await insertPerson(tx, actor, cmd, profile.displayName, email, profile.tz));
    await tx.insert(chatIdentities).values({
      personId: person.id,
      platform: actor.speaker.platform,
      workspaceExternalId: actor.speaker.workspaceId,
      userId: profile.userId,
      userName: cmd.user.name ?? profile.displayName,
      // Where they wrote or installed the app from before they were on the team (docs/teams.md).
      conversationRef: await takePendingReference(
        tx,
        actor.speaker.platform,
        actor.speaker.workspaceId,
        profile.userId,
      ),
    });
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      subjectId: person.id,
      action: sameEmail ? "person.identity_linked" : "person.added",
      detail: {
        role: person.role,
        platform: actor.speaker.platform,
        ...(person.role === "professional" ? ndaFacts(person) : {}),
      },
    });
    return {
      tone: "success",
      lines: sameEmail
        ? [`${person.displayName} (${email}) was already on the team; this account is now linked to them.`]
        : [`Added ${person.displayName} as ${person.role}.`, ...ndaReminder(person)],
      audience: "private",
    };
  });
};

const insertPerson = async (
  tx: Executor,
  actor: Actor,
  cmd: TeamAdd,
  displayName: string,
  email: string | undefined,
  profileTz: string | undefined,
): Promise<Person> => {
  refuseMarkupAboveLimit(actor, {
    name: displayName,
    costRate: cmd.cost ?? null,
    billRate: cmd.bill ?? null,
  });
  const [person] = await tx
    .insert(people)
    .values({
      firmId: actor.firm.id,
      displayName,
      email: email ?? null,
      tz: cmd.tz ?? profileTz ?? actor.firm.tz,
      ...personColumns(cmd),
      role: cmd.role,
    })
    .returning();
  if (!person) throw new Error("insert returned no person");
  return person;
};

/** A bill rate above the firm's markup limit (ABA Formal Opinion 08-451) is refused, nothing changed. */
const refuseMarkupAboveLimit = (actor: Actor, rates: Rates): void => {
  const problem = markupProblem(rates, actor.firm.markupLimit);
  if (problem) throw new DelegateError("invalid", problem);
};

const ndaReminder = (p: Person): string[] =>
  p.role === "professional" && !p.ndaSigned
    ? [
        "No NDA on file yet: they cannot be assigned work until you record it (team set @user nda:YYYY-MM-DD).",
      ]
    : [];

export const teamSet = async (deps: Deps, actor: Actor, cmd: TeamSet, today: string): Promise<View> => {
  requireRole(actor.person, ["admin"], "change people's details");
  const changes = personColumns(cmd);
  if (cmd.active !== undefined) changes.active = cmd.active;
  if (Object.keys(changes).length === 0) {
    throw new DelegateError("usage", "Say what to change, e.g. team set @maria nda-expires:2027-06-30", {
      usage: "team set @user [any option of team add] [active:no]",
    });
  }
  const now = deps.clock.now();
  const tz = actor.person.tz;
  return deps.db.transaction(async (tx) => {
    const person = await findPerson(tx, actor, cmd.user);
    const demotesAdmin =
      person.role === "admin" && (changes.active === false || (changes.role && changes.role !== "admin"));
    if (demotesAdmin) {
      const [other] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(people)
        .where(
          and(
            eq(people.firmId, actor.firm.id),
            eq(people.role, "admin"),
            eq(people.active, true),
            ne(people.id, person.id),
          ),
        );
      if (!other || other.n === 0) {
        throw new DelegateError(
          "conflict",
          `${person.displayName} is the firm's only admin; make someone else admin first.`,
        );
      }
    }
    const after: Person = { ...person, ...changes };
    const described = describePersonChanges(person, after);
    if (described.length === 0) {
      return {
        tone: "info",
        lines: [`Nothing to change: ${person.displayName} is already like that.`],
        audience: "private",
      };
    }
    // An NDA that had already lapsed ended the grants at that instant, whatever this change does:
    // a renewal gives access back only through a new, deliberate grant (docs/access.md).
    refuseMarkupAboveLimit(actor, {
      name: person.displayName,
      costRate: after.costRate,
      billRate: after.billRate,
    });
    const ended = await endLapsedGrants(tx, actor, person, now);
    await tx.update(people).set(changes).where(eq(people.id, person.id));
    if (person.active && !after.active) {
      ended.push(
        ...(await endGrants(tx, {
          firmId: actor.firm.id,
          personId: person.id,
          reason: "deactivated",
          at: now,
          by: actor.person.id,
        })),
      );
    }
    ended.push(...(await endLapsedGrants(tx, actor, after, now)));
    const ndaChanged = person.ndaSigned !== after.ndaSigned || person.ndaExpires !== after.ndaExpires;
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      subjectId: person.id,
      action: changes.active === false ? "person.deactivated" : "person.updated",
      detail: { changes: described, ...(ndaChanged ? ndaFacts(after) : {}) },
    });
    const lines = [`Updated ${person.displayName}: ${described.join("; ")}.`];
    const wasOut = shutOutReason(person, today);
    const shutOut = shutOutReason(after, today);
    if (wasOut && !shutOut) {
      lines.push(
        `${person.displayName} can use Delegate again. Access to matters is not given back by this: staff them again where needed (matter staff M-… @${person.displayName}).`,
      );
    }
    if (shutOut && shutOut !== wasOut) {
      lines.push(
        `${person.displayName} is now shut out (${SHUT_OUT_WORDS[shutOut]}): they can see and do nothing in Delegate, and messages already queued for them that carry task text will not be delivered.`,
      );
    }
    if (ended.length > 0) {
      lines.push(
        `Their access to ${ended.map((g) => g.matterNumber).join(", ")} has ended; it comes back only if you staff them again (matter staff ${ended[0]?.matterNumber} @${person.displayName}).`,
      );
    }
    // Deactivation, a role change or a shut-out leaves work behind: say what to do with each task.
    if ((shutOut && shutOut !== wasOut) || changes.role !== undefined) {
      lines.push(...openWorkLines(person.id, person.displayName, await openWorkOf(tx, person.id), tz));
    }
    return { tone: shutOut && shutOut !== wasOut ? "warning" : "success", lines, audience: "private" };
  });
};

const SHUT_OUT_WORDS: Record<ShutOutReason, string> = {
  inactive: "inactive",
  nda_missing: "no NDA on file",
  nda_pending: "NDA not yet in effect",
  nda_expired: "NDA expired",
};

/** A professional whose NDA lapsed loses their grants as of the lapse (the alert job does the same). */
const endLapsedGrants = async (tx: Executor, actor: Actor, p: Person, now: Date) => {
  if (p.role !== "professional" || !p.ndaExpires) return [];
  const lapse = ndaLapseInstant(p.ndaExpires, actor.firm.tz);
  if (lapse.getTime() > now.getTime()) return [];
  return endGrants(tx, {
    firmId: actor.firm.id,
    personId: p.id,
    reason: "nda_expired",
    at: lapse,
    by: null,
    recordedAt: now,
  });
};

export const teamList = async (deps: Deps, actor: Actor, today: string): Promise<View> => {
  requireRole(actor.person, ["admin", "attorney"], "list the team");
  const rows = await deps.db
    .select()
    .from(people)
    .where(eq(people.firmId, actor.firm.id))
    .orderBy(asc(people.role), asc(people.displayName));
  return {
    tone: "info",
    title: `${actor.firm.name}: ${plural(rows.length, "person")}`,
    lines: [],
    items: rows.map((p) => ({
      text:
        `${p.displayName} · ${p.role} · ${zoneTime(p.tz)}, ${formatWorkingHours(p)}` +
        `${p.delivery ? ` · ${p.delivery}` : ""}${p.provider ? ` · ${p.provider}` : ""}${accessFlags(p, today)}`,
    })),
    audience: "private",
  };
};
