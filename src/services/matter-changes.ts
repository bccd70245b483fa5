import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { type Matter, matterStaff, matters, people } from "../../db/schema.js";
import { dayLabel, restrictionBlocker, restrictionWords } from "../domain/access.js";
import type { Command } from "../domain/command.js";
import { openWorkOf } from "./open-work.js";

type MatterSet = Extract<Command, { name: "matter set" }>;

const BILL_WORDS: Record<Matter["billMode"], string> = {
  rate: "billed at each professional's bill rate",
  cost: "billed at cost",
  none: "not billed",
};

export const billWords = (mode: Matter["billMode"]): string => BILL_WORDS[mode];

export const consentWords = (m: Pick<Matter, "consentOn" | "consentRef">): string =>
  m.consentOn
    ? `given ${dayLabel(m.consentOn)}${m.consentRef ? ` (${m.consentRef})` : " (no reference recorded)"}`
    : "none recorded";

/** The matter columns a `matter set` changes. */
export const matterColumns = (cmd: MatterSet): Partial<Matter> => {
  const set: Partial<Matter> = {};
  if (cmd.title !== undefined) set.title = cmd.title;
  if (cmd.client !== undefined) set.client = cmd.client;
  if (cmd.area !== undefined) set.area = cmd.area;
  if (cmd.delivery !== undefined) set.allowedDelivery = cmd.delivery;
  if (cmd.consent !== undefined) {
    set.consentOn = cmd.consent;
    // Withdrawn consent takes its reference with it.
    if (cmd.consent === null) set.consentRef = null;
  }
  if (cmd.consentRef !== undefined) set.consentRef = cmd.consentRef;
  if (cmd.bill !== undefined) set.billMode = cmd.bill;
  return set;
};

const sameList = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === b || (a !== null && b !== null && [...a].sort().join() === [...b].sort().join());

/**
 * What changed, in plain words, for the reply and the audit trail. Names and the client are said
 * to have changed without quoting them; restrictions, consent and billing say from what to what.
 */
export const describeMatterChanges = (before: Matter, after: Matter): string[] => {
  const out: string[] = [];
  if (before.title !== after.title) out.push("title changed");
  if (before.client !== after.client) out.push("client changed");
  if (before.area !== after.area) out.push("practice area changed");
  if (!sameList(before.allowedDelivery, after.allowedDelivery)) {
    out.push(`${restrictionWords(after.allowedDelivery)} (was ${restrictionWords(before.allowedDelivery)})`);
  }
  if (before.consentOn !== after.consentOn || before.consentRef !== after.consentRef) {
    out.push(
      after.consentOn
        ? `client consent ${consentWords(after)} (was ${consentWords(before)})`
        : `client consent withdrawn (was ${consentWords(before)})`,
    );
  }
  if (before.billMode !== after.billMode) {
    out.push(`${billWords(after.billMode)} (was ${billWords(before.billMode)})`);
  }
  return out;
};

/**
 * Professionals currently staffed where the matter's restrictions no longer allow them (after
 * `matter set` or `firm set require-consent:yes`), with what to do: grants are not ended
 * silently; the admin decides. Lines carry task titles: admins only.
 */
export const nonConformingStaff = async (
  db: Executor,
  matter: Matter,
  requireConsent: boolean,
): Promise<string[]> => {
  const staffed = await db
    .select({ person: people })
    .from(matterStaff)
    .innerJoin(people, eq(people.id, matterStaff.personId))
    .where(and(eq(matterStaff.matterId, matter.id), isNull(matterStaff.removedAt)))
    .orderBy(people.displayName);
  const lines: string[] = [];
  for (const { person } of staffed) {
    const blocker = restrictionBlocker(person, matter, requireConsent);
    if (!blocker) continue;
    const held = (await openWorkOf(db, person.id, matter.id)).filter((t) => t.assigneeId === person.id);
    lines.push(
      `${person.displayName} is staffed on ${matter.number} but would not be allowed now: ${blocker.problem}`,
      `  To end their access: matter unstaff ${matter.number} @${person.displayName}${
        held.length > 0
          ? `; first reassign what they hold there: ${held.map((t) => `reassign T-${t.number} @someone`).join(", ")}`
          : ""
      }`,
    );
  }
  return lines;
};

/** Matters of the firm with professionals staffed and no consent on record (for `firm set require-consent:yes`). */
export const mattersLackingConsent = async (db: Executor, firmId: string): Promise<Matter[]> => {
  const rows = await db
    .selectDistinct({ matter: matters })
    .from(matters)
    .innerJoin(matterStaff, and(eq(matterStaff.matterId, matters.id), isNull(matterStaff.removedAt)))
    .where(and(eq(matters.firmId, firmId), isNull(matters.consentOn)));
  return rows.map((r) => r.matter).sort((a, b) => a.number.localeCompare(b.number));
};
