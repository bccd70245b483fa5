import { randomInt } from "node:crypto";
import { and, count, eq, gt, isNull, min, sql } from "drizzle-orm";
import type { Tx } from "../../db/client.js";
import { chatIdentities, firms, linkAttempts, linkCodes, people, workspaces } from "../../db/schema.js";
import { DelegateError } from "../domain/errors.js";
import { requireRole } from "../domain/policy.js";
import type { View } from "../views/view.js";
import { plural, sentences } from "../views/words.js";
import { type Actor, firmOfWorkspace } from "./actor.js";
import type { Deps, Speaker } from "./deps.js";
import { alreadyBound } from "./firm-service.js";
import { recordAudit } from "./record-audit.js";

const LINK_CODE_MINUTES = 15;
// No 0/O or 1/I: codes are read aloud and retyped.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/**
 * Wrong codes a workspace or tenant may try per window before every attempt there is refused. A code
 * is 8 of 32 characters and lives 15 minutes: 5 guesses per 15 minutes find one in ~10^11 tries.
 */
export const LINK_GUESSES = 5;
export const LINK_GUESS_WINDOW_MINUTES = 15;

const WRONG_CODE = "That link code is unknown, used or expired. Ask your admin for a new one (link).";

/** `link`: a one-time code that binds another workspace or tenant to this firm. */
export const createLinkCode = async (deps: Deps, actor: Actor): Promise<View> => {
  requireRole(actor.person, ["admin"], "link another workspace");
  const now = deps.clock.now();
  const code = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
  await deps.db.transaction(async (tx) => {
    await tx.insert(linkCodes).values({
      code,
      firmId: actor.firm.id,
      personId: actor.person.id,
      expiresAt: new Date(now.getTime() + LINK_CODE_MINUTES * 60_000),
    });
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      action: "link.code_created",
    });
  });
  return {
    tone: "info",
    title: "Link another workspace",
    lines: [
      `In the Slack workspace or Teams tenant to connect, say: link ${code}`,
      sentences(
        `The code works once, for ${plural(LINK_CODE_MINUTES, "minute")}`,
        `There you will be the same admin of ${actor.firm.name}`,
      ),
    ],
    audience: "private",
  };
};

type Refusal = "unknown" | "expired" | "used" | "revoked";

type Attempt =
  | { kind: "bound"; view: View }
  | { kind: "refused"; reason: Refusal }
  | { kind: "throttled"; retryAt: Date };

type LinkCode = typeof linkCodes.$inferSelect;

/**
 * The code, or why it cannot bind anything. A code dies with its creator's admin rights: demoted
 * or deactivated, they can no longer bring a workspace in.
 */
const checkCode = async (
  tx: Tx,
  code: string,
  now: Date,
): Promise<{ usable: LinkCode } | { reason: Refusal; code?: LinkCode }> => {
  const [found] = await tx
    .select({ code: linkCodes, creator: { role: people.role, active: people.active } })
    .from(linkCodes)
    .innerJoin(people, eq(people.id, linkCodes.personId))
    .where(eq(linkCodes.code, code));
  if (!found) return { reason: "unknown" };
  if (found.code.usedAt) return { reason: "used", code: found.code };
  if (found.code.expiresAt <= now) return { reason: "expired", code: found.code };
  if (found.creator.role !== "admin" || !found.creator.active) return { reason: "revoked", code: found.code };
  return { usable: found.code };
};

/**
 * `link CODE` in an unbound workspace: bind it to the code's firm; the speaker becomes the code's
 * admin there. Wrong codes are counted per workspace or tenant in the database (every replica
 * agrees): after LINK_GUESSES in LINK_GUESS_WINDOW_MINUTES every attempt there is refused until the
 * window has passed. Each wrong code goes on the code's firm's audit trail when the code names one
 * (expired, used, revoked), and always into link_attempts with a warning in the log, for operators
 * (docs/operations.md, "Link codes").
 */
export const useLinkCode = async (deps: Deps, speaker: Speaker, typed: string): Promise<View> => {
  const now = deps.clock.now();
  const code = typed.toUpperCase();
  const where = { platform: speaker.platform, workspace: speaker.workspaceId };
  const attempt = await deps.db.transaction(async (tx): Promise<Attempt> => {
    const existing = await firmOfWorkspace(tx, speaker);
    if (existing) throw alreadyBound(existing.name);
    // One attempt at a time per workspace, so concurrent guesses cannot overrun the count.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`link:${where.platform}:${where.workspace}`}, 0))`,
    );
    const windowStart = new Date(now.getTime() - LINK_GUESS_WINDOW_MINUTES * 60_000);
    const [recent] = await tx
      .select({ n: count(), oldest: min(linkAttempts.at) })
      .from(linkAttempts)
      .where(
        and(
          eq(linkAttempts.platform, speaker.platform),
          eq(linkAttempts.workspaceExternalId, speaker.workspaceId),
          gt(linkAttempts.at, windowStart),
        ),
      );
    if ((recent?.n ?? 0) >= LINK_GUESSES && recent?.oldest) {
      return {
        kind: "throttled",
        retryAt: new Date(recent.oldest.getTime() + LINK_GUESS_WINDOW_MINUTES * 60_000),
      };
    }
    const checked = await checkCode(tx, code, now);
    if ("usable" in checked) return { kind: "bound", view: await bind(tx, speaker, checked.usable, now) };
    const { reason, code: known } = checked;
    await tx.insert(linkAttempts).values({
      platform: speaker.platform,
      workspaceExternalId: speaker.workspaceId,
      userId: speaker.userId,
      firmId: known?.firmId ?? null,
      outcome: reason,
      at: now,
    });
    if (known) {
      // On the trail of the admin who made the code, so `audit @admin` shows who tried it.
      await recordAudit(tx, {
        firmId: known.firmId,
        at: now,
        actorId: null,
        subjectId: known.personId,
        action: "link.refused",
        detail: { reason, platform: speaker.platform, workspace: speaker.workspaceId, user: speaker.userId },
      });
    }
    return { kind: "refused", reason };
  });
  if (attempt.kind === "bound") return attempt.view;
  deps.logger.warn(
    { ...where, outcome: attempt.kind === "refused" ? attempt.reason : "throttled" },
    "link code refused",
  );
  if (attempt.kind === "refused") throw new DelegateError("invalid", WRONG_CODE);
  const minutes = Math.max(1, Math.ceil((attempt.retryAt.getTime() - now.getTime()) / 60_000));
  throw new DelegateError(
    "forbidden",
    `Too many wrong link codes were tried here, so linking is paused for ${plural(minutes, "minute")}. Then try again with a fresh code from your admin (link).`,
  );
};

const bind = async (
  tx: Tx,
  speaker: Speaker,
  code: typeof linkCodes.$inferSelect,
  now: Date,
): Promise<View> => {
  const [claimed] = await tx
    .update(linkCodes)
    .set({ usedAt: now })
    .where(and(eq(linkCodes.code, code.code), isNull(linkCodes.usedAt)))
    .returning();
  // Another workspace used it between our check and now.
  if (!claimed) throw new DelegateError("invalid", WRONG_CODE);
  const [firm] = await tx.select().from(firms).where(eq(firms.id, claimed.firmId));
  if (!firm) throw new Error("link code of a missing firm");
  await tx
    .insert(workspaces)
    .values({ firmId: firm.id, platform: speaker.platform, externalId: speaker.workspaceId });
  await tx
    .insert(chatIdentities)
    .values({
      personId: claimed.personId,
      platform: speaker.platform,
      workspaceExternalId: speaker.workspaceId,
      userId: speaker.userId,
      userName: speaker.userName ?? null,
      lastSeenAt: now,
    })
    .onConflictDoNothing();
  await recordAudit(tx, {
    firmId: firm.id,
    at: now,
    actorId: claimed.personId,
    action: "workspace.bound",
    detail: { platform: speaker.platform, via: "link" },
  });
  return {
    tone: "success",
    lines: [sentences(`This workspace now works for ${firm.name}`, "You are signed in here as its admin.")],
    audience: "private",
  };
};
