import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { chatIdentities, type Person, people } from "../../db/schema.js";
import type { Command, PersonOptions } from "../commands/command.js";
import { DelegateError } from "../domain/errors.js";
import { markupProblem, type Rates } from "../domain/markup.js";
import { requireRole } from "../domain/policy.js";
import type { View } from "../views/view.js";
import { type Actor, findPerson, refLabel } from "./actor.js";
import { recordAudit } from "./audit.js";
import type { Deps, Directory } from "./deps.js";

type TeamAdd = Extract<Command, { name: "team add" }>;
type TeamSet = Extract<Command, { name: "team set" }>;

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

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
    const [taken] = await tx
      .select({ name: people.displayName })
      .from(chatIdentities)
      .innerJoin(people, eq(people.id, chatIdentities.personId))
      .where(
        and(
          eq(chatIdentities.platform, actor.speaker.platform),
          eq(chatIdentities.workspaceExternalId, actor.speaker.workspaceId),
          eq(chatIdentities.userId, profile.userId),
        ),
      );
    if (taken)
      throw new DelegateError("conflict", `${taken.name} is already on the team. To change them: team set`);
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
    });
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      subjectId: person.id,
      action: sameEmail ? "person.identity_linked" : "person.added",
      detail: { role: person.role, platform: actor.speaker.platform },
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

export const teamSet = async (deps: Deps, actor: Actor, cmd: TeamSet): Promise<View> => {
  requireRole(actor.person, ["admin"], "change people's details");
  const changes = personColumns(cmd);
  if (cmd.active !== undefined) changes.active = cmd.active;
  const changed = Object.keys(changes);
  if (changed.length === 0) {
    throw new DelegateError("usage", "Say what to change, e.g. team set @maria nda-expires:2027-06-30", {
      usage: "team set @user [any option of team add] [active:no]",
    });
  }
  const now = deps.clock.now();
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
    const after = { ...person, ...changes };
    refuseMarkupAboveLimit(actor, {
      name: person.displayName,
      costRate: after.costRate,
      billRate: after.billRate,
    });
    await tx.update(people).set(changes).where(eq(people.id, person.id));
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      subjectId: person.id,
      action: changes.active === false ? "person.deactivated" : "person.updated",
      detail: { changed },
    });
    return {
      tone: "success",
      lines: [`Updated ${person.displayName}: ${changed.join(", ")}.`],
      audience: "private",
    };
  });
};

const ndaStatus = (p: Person, today: string): string => {
  if (p.role !== "professional") return "";
  if (!p.ndaSigned) return " · NO NDA";
  if (p.ndaExpires && p.ndaExpires < today) return ` · NDA EXPIRED ${p.ndaExpires}`;
  return p.ndaExpires ? ` · NDA to ${p.ndaExpires}` : " · NDA on file";
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
    title: `${actor.firm.name}: ${rows.length} people`,
    lines: [],
    items: rows.map((p) => ({
      text:
        `${p.displayName} · ${p.role}${p.active ? "" : " (inactive)"} · ${p.tz} ${hhmm(p.workStart)}-${hhmm(p.workEnd)}` +
        `${p.delivery ? ` · ${p.delivery}` : ""}${p.provider ? ` · ${p.provider}` : ""}${ndaStatus(p, today)}`,
    })),
    audience: "private",
  };
};
