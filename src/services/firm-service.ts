import { and, asc, count, eq, isNotNull, ne } from "drizzle-orm";
import type { Executor } from "../../db/client.js";
import { chatIdentities, firms, people, workspaces } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { formatMinutes } from "../domain/durations.js";
import { DelegateError } from "../domain/errors.js";
import { DEFAULT_LAWYER_ONLY_PHRASES } from "../domain/lawyer-only.js";
import { markupProblem, multiple } from "../domain/markup.js";
import { requireRole } from "../domain/policy.js";
import type { Category } from "../domain/vocabulary.js";
import { zonePlace, zoneTime } from "../domain/zone-names.js";
import type { View } from "../views/view.js";
import { listWords, plural, sentence } from "../views/words.js";
import { type Actor, firmOfWorkspace } from "./actor.js";
import type { Deps, Speaker } from "./deps.js";
import { mattersLackingConsent } from "./matter-changes.js";
import { recordAudit } from "./record-audit.js";

type Setup = Extract<Command, { name: "setup" }>;
type FirmSet = Extract<Command, { name: "firm set" }>;

export const alreadyBound = (firmName: string) =>
  new DelegateError("conflict", sentence(`This workspace already belongs to ${firmName}`));

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
        `You are its admin. The firm runs on ${zoneTime(cmd.tz)} (${cmd.tz}), default rate ${cmd.rate}/h.`,
        'Next: add your team (team add @user role:attorney), open a matter (matter add M-1 "Title"), then assign work.',
      ],
      audience: "private",
    };
  });
};

/** Each setting in the words `firm set` uses for it (replies never show column names). */
const SETTING_WORDS: Partial<Record<keyof typeof firms.$inferInsert, string>> = {
  name: "firm name",
  tz: "time zone",
  defaultRate: "default rate",
  alertOffsets: "alerts",
  estimateDefaults: "estimates",
  ackWithinMinutes: "acknowledgement window",
  holidayCalendar: "holidays",
  lawyerOnlyPhrases: "lawyer-only phrases",
  requireConsent: "client consent required",
  currency: "currency",
  markupLimit: "markup limit",
  utbmsCodes: "UTBMS codes",
};

const typeWords = (c: string): string => c.replace(/_/g, " ");
const perType = <T>(m: Partial<Record<Category, T>> | undefined, show: (v: T) => string): string =>
  Object.entries(m ?? {})
    .map(([type, v]) => `${typeWords(type)} ${show(v as T)}`)
    .join(", ");

/** A changed setting and its new value, in plain words: "reminders 24h and 2h before a due time". */
const settingWords = (key: keyof typeof firms.$inferInsert, cmd: FirmSet): string => {
  const name = SETTING_WORDS[key] ?? "a setting";
  switch (key) {
    case "name":
      return `firm name ${cmd.firm}`;
    case "tz":
      return cmd.tz ? `time zone ${zonePlace(cmd.tz)}` : name;
    case "defaultRate":
      return `default rate ${cmd.rate}/h`;
    case "alertOffsets":
      return cmd.alerts && cmd.alerts.length > 0
        ? `reminders ${listWords(cmd.alerts.map(formatMinutes))} before a due time`
        : "no reminders before due times";
    case "estimateDefaults":
      return `attorney time saved by default: ${perType(cmd.estimates, formatMinutes)}`;
    case "ackWithinMinutes":
      return cmd.ackWithinMinutes !== undefined
        ? `acknowledgement within ${formatMinutes(cmd.ackWithinMinutes)}`
        : name;
    case "holidayCalendar":
      return cmd.holidays === "none" ? "no public holidays" : "US federal holidays";
    case "requireConsent":
      return cmd.requireConsent ? "client consent required" : "client consent not required";
    case "currency":
      return `currency ${cmd.currency}`;
    case "markupLimit":
      return cmd.markupLimit ? `markup limit ${multiple(cmd.markupLimit)}` : "no markup limit";
    case "utbmsCodes":
      return `UTBMS codes: ${perType(cmd.utbms, String)}`;
    default:
      return name;
  }
};

/** What a changed setting means for work already under way. */
const settingNotes = (cmd: FirmSet): string[] => [
  ...(cmd.ackWithinMinutes !== undefined
    ? [
        `Assignments from now on must be acknowledged within ${formatMinutes(cmd.ackWithinMinutes)} of the assignee's working time; those already made keep their clock.`,
      ]
    : []),
  ...(cmd.lawyerOnly === null
    ? [`Lawyer-only phrases: the built-in list (${DEFAULT_LAWYER_ONLY_PHRASES.length} phrases).`]
    : cmd.lawyerOnly?.length === 0
      ? ["Lawyer-only phrases: none; no assignment is refused for its wording."]
      : cmd.lawyerOnly
        ? [`Lawyer-only phrases: ${cmd.lawyerOnly.join(", ")}.`]
        : []),
];

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
  if (cmd.ackWithinMinutes !== undefined) changes.ackWithinMinutes = cmd.ackWithinMinutes;
  if (cmd.holidays !== undefined) changes.holidayCalendar = cmd.holidays;
  if (cmd.lawyerOnly !== undefined) changes.lawyerOnlyPhrases = cmd.lawyerOnly;
  if (cmd.currency !== undefined) changes.currency = cmd.currency;
  if (cmd.markupLimit !== undefined) changes.markupLimit = cmd.markupLimit;
  if (cmd.utbms !== undefined) changes.utbmsCodes = { ...actor.firm.utbmsCodes, ...cmd.utbms };
  const changed = Object.keys(changes) as (keyof typeof changes)[];
  if (changed.length === 0) {
    // The dispatcher adds the usage line (the usage text lives with the parser, above services/).
    throw new DelegateError("usage", "Say what to change, e.g. firm set rate:350");
  }
  const now = deps.clock.now();
  const described = changed.map((c) => settingWords(c, cmd));
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
      `Firm settings updated: ${described.join("; ")}.`,
      ...settingNotes(cmd),
      ...(cmd.tz !== undefined && cmd.tz !== actor.firm.tz ? await zoneNotes(deps, actor, cmd.tz) : []),
      ...(changes.requireConsent === true
        ? ["From now on professionals are given access only to matters with the client's consent on record."]
        : []),
      ...warnings,
      ...figureSettingNotes(cmd, actor.firm.currency),
    ],
    audience: "private",
  };
};

/**
 * A new firm zone moves the firm's weeks, court days and digest, and is the zone of people added
 * from now on; people already on the team keep their own (docs/time.md).
 */
const zoneNotes = async (deps: Deps, actor: Actor, tz: string): Promise<string[]> => {
  const [elsewhere] = await deps.db
    .select({ n: count() })
    .from(people)
    .where(and(eq(people.firmId, actor.firm.id), eq(people.active, true), ne(people.tz, tz)));
  const n = elsewhere?.n ?? 0;
  return [
    `The firm now runs on ${zoneTime(tz)} (was ${zoneTime(actor.firm.tz)}): its weeks, court days and digest follow it, and people added from now on start in it.`,
    n === 0
      ? `Everyone on the team already works on ${zoneTime(tz)}.`
      : `People keep their own time zones: ${plural(n, "person")} on the team ${n === 1 ? "works" : "work"} on another. To move someone: team set @name tz:${tz}`,
  ];
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
