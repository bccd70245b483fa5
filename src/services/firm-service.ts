import { randomInt } from "node:crypto";
import { and, asc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { chatIdentities, firms, linkCodes, people, workspaces } from "../../db/schema.js";
import type { Command } from "../commands/command.js";
import { usageOf } from "../commands/usage.js";
import { DelegateError } from "../domain/errors.js";
import { markupProblem, multiple } from "../domain/markup.js";
import { requireRole } from "../domain/policy.js";
import type { View } from "../views/view.js";
import { type Actor, firmOfWorkspace } from "./actor.js";
import { recordAudit } from "./audit.js";
import type { Deps, Speaker } from "./deps.js";
import { mattersLackingConsent } from "./matter-changes.js";

type Setup = Extract<Command, { name: "setup" }>;
type FirmSet = Extract<Command, { name: "firm set" }>;

const LINK_CODE_MINUTES = 15;
// No 0/O or 1/I: codes are read aloud and retyped.
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const alreadyBound = (firmName: string) =>
  new DelegateError("conflict", `This workspace already belongs to ${firmName}.`);

/** `setup` in an unbound workspace: creates the firm, binds the workspace, makes the speaker its admin. */
export const setupFirm = async (deps: Deps, speaker: Speaker, cmd: Setup): Promise<View> => {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const existing = await firmOfWorkspace(tx, speaker);
    if (existing) throw alreadyBound(existing.name);
    const [firm] = await tx
      .insert(firms)
      // On the service's clock, like every other record of the change (the digest counts weeks from it).
      .values({ name: cmd.firm, tz: cmd.tz, defaultRate: cmd.rate, createdAt: now })
      .returning();
    if (!firm) throw new Error("insert returned no firm");
    await tx
      .insert(workspaces)
      .values({ firmId: firm.id, platform: speaker.platform, externalId: speaker.workspaceId });
    const [admin] = await tx
      .insert(people)
      .values({
        firmId: firm.id,
        displayName: speaker.userName ?? speaker.userId,
        email: speaker.email ?? null,
        role: "admin",
        tz: speaker.tz ?? cmd.tz,
        rate: cmd.rate,
      })
      .returning();
    if (!admin) throw new Error("insert returned no person");
    await tx.insert(chatIdentities).values({
      personId: admin.id,
      platform: speaker.platform,
      workspaceExternalId: speaker.workspaceId,
      userId: speaker.userId,
      userName: speaker.userName ?? null,
      lastSeenAt: now,
    });
    await recordAudit(tx, [
      { firmId: firm.id, at: now, actorId: admin.id, action: "firm.created", detail: { tz: cmd.tz } },
      {
        firmId: firm.id,
        at: now,
        actorId: admin.id,
        action: "workspace.bound",
        detail: { platform: speaker.platform },
      },
    ]);
    return {
      tone: "success",
      title: `${cmd.firm} is set up`,
      lines: [
        `You are its admin. Time zone ${cmd.tz}, default rate ${cmd.rate}/h.`,
        'Next: add your team (team add @user role:attorney), open a matter (matter add M-1 "Title"), then assign work.',
      ],
      audience: "private",
    };
  });
};

export const firmSet = async (deps: Deps, actor: Actor, cmd: FirmSet): Promise<View> => {
  requireRole(actor.person, ["admin"], "change the firm's settings");
  const changes: Partial<typeof firms.$inferInsert> = {};
  if (cmd.firm !== undefined) changes.name = cmd.firm;
  if (cmd.tz !== undefined) changes.tz = cmd.tz;
  if (cmd.rate !== undefined) changes.defaultRate = cmd.rate;
  if (cmd.alerts !== undefined) changes.alertOffsets = cmd.alerts;
  if (cmd.estimates !== undefined)
    changes.estimateDefaults = { ...actor.firm.estimateDefaults, ...cmd.estimates };
  if (cmd.requireConsent !== undefined) changes.requireConsent = cmd.requireConsent;
  if (cmd.currency !== undefined) changes.currency = cmd.currency;
  if (cmd.markupLimit !== undefined) changes.markupLimit = cmd.markupLimit;
  if (cmd.utbms !== undefined) changes.utbmsCodes = { ...actor.firm.utbmsCodes, ...cmd.utbms };
  const changed = Object.keys(changes);
  if (changed.length === 0) {
    throw new DelegateError("usage", "Say what to change, e.g. firm set rate:350", {
      usage: usageOf("firm set"),
    });
  }
  const now = deps.clock.now();
  const described = changed.map((c) => FIRM_SETTING_WORDS[c] ?? c);
  const warnings = await deps.db.transaction(async (tx) => {
    if (changes.markupLimit) await refuseRatesAboveLimit(tx, actor.firm.id, changes.markupLimit);
    await tx.update(firms).set(changes).where(eq(firms.id, actor.firm.id));
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      action: "firm.updated",
      detail: {
        changed: described,
        ...(changes.requireConsent !== undefined ? { requireConsent: changes.requireConsent } : {}),
        ...(cmd.currency !== undefined ? { currency: cmd.currency } : {}),
        ...(cmd.markupLimit !== undefined ? { markupLimit: cmd.markupLimit } : {}),
        ...(cmd.utbms !== undefined ? { utbms: cmd.utbms } : {}),
      },
    });
    return changes.requireConsent ? consentRuleWarnings(tx, actor) : [];
  });
  return {
    tone: warnings.length > 0 ? "warning" : "success",
    lines: [
      `Firm settings updated: ${described.join(", ")}.`,
      ...(changes.requireConsent === true
        ? ["From now on professionals are given access only to matters with the client's consent on record."]
        : []),
      ...warnings,
      ...figureSettingNotes(cmd, actor.firm.currency),
    ],
    audience: "private",
  };
};

/** Settings in the firm's words (the reply and the audit trail name no columns). */
const FIRM_SETTING_WORDS: Record<string, string> = {
  name: "name",
  tz: "time zone",
  defaultRate: "default rate",
  alertOffsets: "deadline reminders",
  estimateDefaults: "default time saved per task type",
  requireConsent: "client consent required",
  currency: "currency",
  markupLimit: "markup limit",
  utbmsCodes: "UTBMS codes",
};

/** Turning the consent rule on: matters that already have professionals but no consent, and what to do. */
const consentRuleWarnings = async (tx: Executor, actor: Actor): Promise<string[]> => {
  const lacking = await mattersLackingConsent(tx, actor.firm.id);
  const lines: string[] = [];
  for (const m of lacking) {
    lines.push(
      `${m.number} has professionals staffed and no client consent on record: record it (matter set ${m.number} consent:YYYY-MM-DD consent-ref:"…") or end their access (matter show ${m.number}).`,
    );
  }
  return lines;
};

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
      `The code works once, for ${LINK_CODE_MINUTES} minutes. There you will be the same admin of ${actor.firm.name}.`,
    ],
    audience: "private",
  };
};

/** `link CODE` in an unbound workspace: bind it to the code's firm; the speaker becomes the code's admin there. */
export const useLinkCode = async (deps: Deps, speaker: Speaker, code: string): Promise<View> => {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const existing = await firmOfWorkspace(tx, speaker);
    if (existing) throw alreadyBound(existing.name);
    const [claimed] = await tx
      .update(linkCodes)
      .set({ usedAt: now })
      .where(
        and(eq(linkCodes.code, code.toUpperCase()), isNull(linkCodes.usedAt), gt(linkCodes.expiresAt, now)),
      )
      .returning();
    if (!claimed) {
      throw new DelegateError(
        "invalid",
        "That link code is unknown, used or expired. Ask your admin for a new one (link).",
      );
    }
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
      lines: [`This workspace now works for ${firm.name}. You are signed in here as its admin.`],
      audience: "private",
    };
  });
};

/**
 * A markup limit is firm policy: it is not put on record while rates on file break it. The admin
 * is told whose rates, by how much, and how to bring them within it first.
 */
const refuseRatesAboveLimit = async (tx: Executor, firmId: string, limit: number): Promise<void> => {
  const billed = await tx
    .select({ name: people.displayName, costRate: people.costRate, billRate: people.billRate })
    .from(people)
    .where(and(eq(people.firmId, firmId), isNotNull(people.billRate)))
    .orderBy(asc(people.displayName));
  const problems = billed.flatMap((p) => {
    const problem = markupProblem(p, limit);
    return problem ? [problem] : [];
  });
  if (problems.length === 0) return;
  throw new DelegateError(
    "conflict",
    [
      `The markup limit of ${multiple(limit)} is not set: ${problems.length === 1 ? "one bill rate on file is" : `${problems.length} bill rates on file are`} above it.`,
      ...problems,
      "Change those rates first (team set @user bill:… or cost:…), then set the limit.",
    ].join("\n"),
  );
};

/** What a change to the firm's money settings means for the figures. */
const figureSettingNotes = (cmd: FirmSet, currencyBefore: string): string[] => [
  ...(cmd.currency !== undefined && cmd.currency !== currencyBefore
    ? [
        `Amounts are shown in ${cmd.currency} from now on. Work approved before stays in ${currencyBefore}, as it was approved: nothing is converted.`,
      ]
    : []),
  ...(cmd.markupLimit === null
    ? ["No markup limit: bill rates are no longer checked against cost rates."]
    : []),
  ...(cmd.markupLimit
    ? [
        `Bill rates may now be at most ${multiple(cmd.markupLimit)} a professional's cost rate (ABA Formal Opinion 08-451).`,
      ]
    : []),
  ...(cmd.utbms !== undefined
    ? [
        `LEDES exports of work approved from now on carry ${Object.entries(cmd.utbms)
          .map(([type, code]) => `${code} for ${type.replace(/_/g, " ")}`)
          .join(", ")}; work already approved keeps its codes.`,
      ]
    : []),
];
