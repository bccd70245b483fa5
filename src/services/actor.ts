import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "../../db/client.js";
import { oncePerDb, preparedPerHandle } from "../../db/prepared.js";
import { chatIdentities, type Firm, firms, type Person, people, workspaces } from "../../db/schema.js";
import { dayIn, type ShutOutReason, shutOutReason } from "../domain/access.js";
import type { UserRef } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";
import { sentence } from "../views/words.js";
import { keepPendingReference } from "./conversation-refs.js";
import type { Speaker } from "./deps.js";

/** A known, active person of a firm, speaking through a chat identity. */
export interface Actor {
  firm: Firm;
  person: Person;
  speaker: Speaker;
}

export type SpeakerResolution =
  | { kind: "unbound" }
  | { kind: "unknown"; firm: Firm }
  /** Inactive, or a professional with no NDA in force: nothing but `help` (docs/access.md). */
  | { kind: "shut_out"; firm: Firm; person: Person; reason: ShutOutReason }
  | { kind: "known"; actor: Actor };

export const firmOfWorkspace = async (db: Executor, speaker: Speaker): Promise<Firm | undefined> => {
  const rows = await db
    .select({ firm: firms })
    .from(workspaces)
    .innerJoin(firms, eq(firms.id, workspaces.firmId))
    .where(and(eq(workspaces.platform, speaker.platform), eq(workspaces.externalId, speaker.workspaceId)))
    .limit(1);
  return rows[0]?.firm;
};

/** Last-seen times steer delivery to the platform a person uses; minutes of precision are plenty. */
const LAST_SEEN_PRECISION_MS = 5 * 60_000;

const speakerQuery = oncePerDb((db) =>
  db
    .select({
      firm: firms,
      person: people,
      identityId: chatIdentities.id,
      lastSeenAt: chatIdentities.lastSeenAt,
      conversationRef: chatIdentities.conversationRef,
    })
    .from(workspaces)
    .innerJoin(firms, eq(firms.id, workspaces.firmId))
    .leftJoin(
      chatIdentities,
      and(
        eq(chatIdentities.platform, workspaces.platform),
        eq(chatIdentities.workspaceExternalId, workspaces.externalId),
        eq(chatIdentities.userId, sql.placeholder("userId")),
      ),
    )
    .leftJoin(people, and(eq(people.id, chatIdentities.personId), eq(people.firmId, firms.id)))
    .where(
      and(
        eq(workspaces.platform, sql.placeholder("platform")),
        eq(workspaces.externalId, sql.placeholder("workspaceId")),
      ),
    )
    .limit(1)
    .prepare("resolve_speaker"),
);

/**
 * Who is this speaker to us? One query for the workspace's firm and the speaker's person. It
 * also refreshes the identity's last-seen time and conversation reference — only when they
 * changed, so a read stays a read.
 */
export const resolveSpeaker = async (db: Db, speaker: Speaker, now: Date): Promise<SpeakerResolution> => {
  const [found] = await speakerQuery(db).execute({
    platform: speaker.platform,
    workspaceId: speaker.workspaceId,
    userId: speaker.userId,
  });
  if (!found) return { kind: "unbound" };
  const { firm, person, identityId } = found;
  if (!person || !identityId) {
    // Not on the team yet: keep where to reach them, for when an admin adds them.
    await keepPendingReference(db, speaker, now);
    return { kind: "unknown", firm };
  }
  const stale = !found.lastSeenAt || now.getTime() - found.lastSeenAt.getTime() > LAST_SEEN_PRECISION_MS;
  const newRef =
    speaker.conversationRef !== undefined &&
    JSON.stringify(speaker.conversationRef) !== JSON.stringify(found.conversationRef);
  if (stale || newRef) {
    await db
      .update(chatIdentities)
      .set({ lastSeenAt: now, ...(newRef ? { conversationRef: speaker.conversationRef } : {}) })
      .where(eq(chatIdentities.id, identityId));
  }
  // The one gate every command, click and home page passes: access ends the instant its reason does.
  const reason = shutOutReason(person, dayIn(now, firm.tz));
  if (reason) return { kind: "shut_out", firm, person, reason };
  return { kind: "known", actor: { firm, person, speaker } };
};

export const refLabel = (ref: UserRef): string => `@${ref.name ?? ref.id ?? "?"}`;

/**
 * The firm's person a command names: by chat identity in the speaker's workspace, else by
 * console/user name or display name. Unknown → a clear error naming how to add them.
 */
export const findPerson = async (db: Executor, actor: Actor, ref: UserRef): Promise<Person> => {
  const person = await lookupPerson(db, actor, ref);
  if (!person) {
    throw new DelegateError(
      "not_found",
      `${sentence(`I don't know ${refLabel(ref)} at ${actor.firm.name}`)} An admin can add them with: team add ${refLabel(ref)} role:professional`,
    );
  }
  return person;
};

const personQuery = (db: Executor, inFirm: boolean, name: string) =>
  db
    .select({ person: people })
    .from(chatIdentities)
    .innerJoin(people, eq(people.id, chatIdentities.personId))
    .where(
      and(
        eq(chatIdentities.platform, sql.placeholder("platform")),
        eq(chatIdentities.workspaceExternalId, sql.placeholder("workspaceId")),
        eq(chatIdentities.userId, sql.placeholder("userId")),
        inFirm ? eq(people.firmId, sql.placeholder("firmId")) : undefined,
      ),
    )
    .limit(1)
    .prepare(name);
// Every assign (inside its transaction) and many commands ask it: built once (db/prepared.ts).
const personInFirm = preparedPerHandle((db) => personQuery(db, true, "person_by_identity_in_firm"));
const personAnywhere = preparedPerHandle((db) => personQuery(db, false, "person_by_identity"));

/** The person a chat identity (platform, workspace, user) belongs to; within one firm when `firmId` is given. */
export const personByIdentity = async (
  db: Executor,
  identity: Pick<Speaker, "platform" | "workspaceId" | "userId">,
  firmId?: string,
): Promise<Person | undefined> => {
  const where = { platform: identity.platform, workspaceId: identity.workspaceId, userId: identity.userId };
  const rows =
    firmId === undefined
      ? await personAnywhere(db).execute(where)
      : await personInFirm(db).execute({ ...where, firmId });
  return rows[0]?.person;
};

export const lookupPerson = async (db: Executor, actor: Actor, ref: UserRef): Promise<Person | undefined> => {
  const byIdentity = (userId: string) => personByIdentity(db, { ...actor.speaker, userId }, actor.firm.id);
  if (ref.id) {
    const found = await byIdentity(ref.id);
    if (found) return found;
  }
  if (!ref.name) return undefined;
  const name = ref.name.toLowerCase();
  const byName = await db
    .select({ person: people })
    .from(people)
    .leftJoin(chatIdentities, eq(chatIdentities.personId, people.id))
    .where(
      and(
        eq(people.firmId, actor.firm.id),
        sql`(lower(${people.displayName}) = ${name} or lower(${chatIdentities.userName}) = ${name} or lower(${chatIdentities.userId}) = ${name})`,
      ),
    )
    .limit(2);
  // Two different people answering to one name is ambiguous: refuse rather than guess.
  const ids = new Set(byName.map((r) => r.person.id));
  if (ids.size > 1) {
    throw new DelegateError(
      "invalid",
      `More than one person answers to ${refLabel(ref)}; mention them instead.`,
    );
  }
  return byName[0]?.person;
};
