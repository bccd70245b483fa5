import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Matter, type MatterStaffRow, matterStaff, matters, people, tasks } from "../../db/schema.js";
import { dayIn, dayLabel, restrictionBlocker, restrictionWords, shutOutReason } from "../domain/access.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { isAttorney } from "../domain/policy.js";
import { OPEN_STATUSES, STATUS_LABEL } from "../domain/status-machine.js";
import type { StaffingEndReason } from "../domain/vocabulary.js";
import { taskRef } from "../views/task-view.js";
import type { View, ViewField, ViewItem } from "../views/view.js";
import { plural } from "../views/words.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";
import { billWords, consentWords } from "./matter-changes.js";
import { findMatter, matterNotFound } from "./matter-service.js";
import { openWorkOf } from "./open-work.js";
import { type AuditEntry, recordAudit } from "./record-audit.js";

type MatterShow = Extract<Command, { name: "matter show" }>;

const END_WORDS: Record<StaffingEndReason, string> = {
  unstaffed: "removed from the matter",
  reassigned: "work reassigned",
  nda_expired: "NDA expired",
  deactivated: "deactivated",
};

/** A professional's read of a matter is audited, like a read of a task. */
const matterReads = (actor: Actor, ids: string[], via: string, at: Date): AuditEntry[] =>
  ids.map((matterId) => ({
    firmId: actor.firm.id,
    at,
    actorId: actor.person.id,
    matterId,
    action: "matter.viewed",
    detail: { via },
  }));

const openCounts = async (deps: Deps, firmId: string) => {
  const rows = await deps.db
    .select({ matterId: tasks.matterId, n: sql<number>`count(*)::int` })
    .from(tasks)
    .where(and(eq(tasks.firmId, firmId), inArray(tasks.status, [...OPEN_STATUSES])))
    .groupBy(tasks.matterId);
  return new Map(rows.map((r) => [r.matterId, r.n]));
};

/** `matter list`: attorneys and admins see every matter; professionals those they are staffed on now. */
export const matterList = async (deps: Deps, actor: Actor): Promise<View> => {
  const now = deps.clock.now();
  if (!isAttorney(actor.person)) {
    const mine = await deps.db
      .select({ matter: matters })
      .from(matterStaff)
      .innerJoin(matters, eq(matters.id, matterStaff.matterId))
      .where(and(eq(matterStaff.personId, actor.person.id), isNull(matterStaff.removedAt)))
      .orderBy(asc(matters.number));
    // One event for the whole list, naming the matters it showed (docs/access.md).
    if (mine.length > 0) {
      await recordAudit(deps.db, {
        firmId: actor.firm.id,
        at: now,
        actorId: actor.person.id,
        matterId: mine.length === 1 ? (mine[0]?.matter.id ?? null) : null,
        action: "matter.listed",
        detail: { via: "matter list", matters: mine.map((r) => r.matter.number) },
      });
    }
    return {
      tone: "info",
      title: "Matters you are staffed on",
      lines: mine.length === 0 ? ["None at the moment."] : [],
      items: mine.map(({ matter: m }) => ({
        text: `${m.number} · ${m.title}${m.client ? ` · ${m.client}` : ""}`,
      })),
      audience: "private",
    };
  }
  const [all, staffed, open] = await Promise.all([
    deps.db.select().from(matters).where(eq(matters.firmId, actor.firm.id)).orderBy(asc(matters.number)),
    deps.db
      .select({ matterId: matterStaff.matterId, n: sql<number>`count(*)::int` })
      .from(matterStaff)
      .innerJoin(matters, eq(matters.id, matterStaff.matterId))
      .where(and(eq(matters.firmId, actor.firm.id), isNull(matterStaff.removedAt)))
      .groupBy(matterStaff.matterId),
    openCounts(deps, actor.firm.id),
  ]);
  const staffCount = new Map(staffed.map((r) => [r.matterId, r.n]));
  return {
    tone: "info",
    title: `${actor.firm.name}: ${plural(all.length, "matter")}`,
    lines: all.length === 0 ? ['No matters yet. An admin opens one: matter add M-1 "Title"'] : [],
    items: all.map((m) => ({
      text: [
        m.number,
        m.title,
        m.client ? `client ${m.client}` : undefined,
        `${staffCount.get(m.id) ?? 0} staffed`,
        plural(open.get(m.id) ?? 0, "open task"),
        restrictionWords(m.allowedDelivery),
        `consent ${consentWords(m)}`,
        billWords(m.billMode),
      ]
        .filter(Boolean)
        .join(" · "),
    })),
    audience: "private",
  };
};

const grantee = alias(people, "grantee");
const granter = alias(people, "granter");
const remover = alias(people, "remover");

const grantsOf = (deps: Deps, matterId: string) =>
  deps.db
    .select({
      grant: matterStaff,
      person: grantee,
      grantedBy: granter.displayName,
      removedBy: remover.displayName,
    })
    .from(matterStaff)
    .innerJoin(grantee, eq(grantee.id, matterStaff.personId))
    .leftJoin(granter, eq(granter.id, matterStaff.staffedBy))
    .leftJoin(remover, eq(remover.id, matterStaff.removedBy))
    .where(eq(matterStaff.matterId, matterId))
    .orderBy(sql`${matterStaff.removedAt} is not null`, desc(matterStaff.createdAt));

/** "granted Tue 1 Dec 2026, 9:00 AM EST by bob · ended … by alice (work reassigned)". */
const grantWords = (
  g: Pick<MatterStaffRow, "createdAt" | "removedAt" | "removedReason">,
  tz: string,
  grantedBy: string | null,
  removedBy: string | null,
): string =>
  `granted ${formatLocal(g.createdAt, tz)}${grantedBy ? ` by ${grantedBy}` : ""}` +
  (g.removedAt
    ? ` · ended ${formatLocal(g.removedAt, tz)}${removedBy ? ` by ${removedBy}` : ""}${
        g.removedReason ? ` (${END_WORDS[g.removedReason as StaffingEndReason] ?? g.removedReason})` : ""
      }`
    : "");

/** NDA and activity flags an admin must see beside a name. */
export const accessFlags = (
  p: Parameters<typeof shutOutReason>[0] & { ndaExpires: string | null },
  today: string,
): string => {
  switch (shutOutReason(p, today)) {
    case "inactive":
      return " · INACTIVE";
    case "nda_missing":
      return " · NO NDA ON FILE";
    case "nda_pending":
      return " · NDA NOT YET IN EFFECT";
    case "nda_expired":
      return ` · NDA EXPIRED ${dayLabel(p.ndaExpires ?? "")}`;
    default:
      if (p.role !== "professional") return "";
      return p.ndaExpires ? ` · NDA to ${dayLabel(p.ndaExpires)}` : " · NDA on file (no expiry)";
  }
};

const matterFields = (m: Matter, requireConsent: boolean): ViewField[] => [
  { label: "Title", value: m.title },
  { label: "Client", value: m.client ?? "not recorded" },
  { label: "Practice area", value: m.area ?? "not recorded" },
  { label: "Who may work on it", value: restrictionWords(m.allowedDelivery) },
  {
    label: "Client consent to outsourcing",
    value: `${consentWords(m)}${requireConsent && !m.consentOn ? " · REQUIRED by the firm" : ""}`,
  },
  { label: "Billing", value: billWords(m.billMode) },
];

/**
 * `matter show`: attorneys and admins see everything (staffing history, flags, open tasks);
 * a professional sees it only while staffed on it, and only their own part; their reads and
 * refused attempts are audited.
 */
export const matterShow = async (deps: Deps, actor: Actor, cmd: MatterShow): Promise<View> => {
  const now = deps.clock.now();
  const tz = actor.person.tz;
  const today = dayIn(now, actor.firm.tz);
  if (!isAttorney(actor.person)) return professionalMatterShow(deps, actor, cmd, now);
  const m = await findMatter(deps.db, actor.firm.id, cmd.number);
  const [grants, open] = await Promise.all([grantsOf(deps, m.id), openTasksOn(deps, m.id)]);
  const items: ViewItem[] = grants.map((g) => {
    const p = g.person;
    const notAllowed = !g.grant.removedAt && restrictionBlocker(p, m, actor.firm.requireConsent);
    return {
      text:
        `${g.grant.removedAt ? "Was staffed" : "Staffed"}: ${p.displayName} · ${p.role}` +
        `${p.delivery ? ` · ${p.delivery}` : ""}${p.provider ? ` · ${p.provider}` : ""}` +
        ` · ${grantWords(g.grant, tz, g.grantedBy, g.removedBy)}` +
        `${g.grant.removedAt ? "" : accessFlags(p, today)}${notAllowed ? " · NOT ALLOWED BY THE MATTER'S RESTRICTIONS" : ""}`,
    };
  });
  for (const t of open) {
    items.push({
      text: `Open: ${taskRef(t.number)} · ${t.title} · ${t.assignee} · ${STATUS_LABEL[t.status].toLowerCase()} · due ${formatLocal(t.dueAt, tz)}`,
      task: t.number,
    });
  }
  return {
    tone: "info",
    title: `Matter ${m.number}`,
    lines: [
      `${grants.filter((g) => !g.grant.removedAt).length} staffed now, ${plural(grants.filter((g) => g.grant.removedAt).length, "earlier grant")} ended; ${plural(open.length, "open task")}.`,
    ],
    fields: matterFields(m, actor.firm.requireConsent),
    items,
    audience: "private",
  };
};

const openTasksOn = (deps: Deps, matterId: string) =>
  deps.db
    .select({
      number: tasks.number,
      title: tasks.title,
      status: tasks.status,
      dueAt: tasks.dueAt,
      assignee: people.displayName,
    })
    .from(tasks)
    .innerJoin(people, eq(people.id, tasks.assigneeId))
    .where(and(eq(tasks.matterId, matterId), inArray(tasks.status, [...OPEN_STATUSES])))
    .orderBy(asc(tasks.dueAt), asc(tasks.number));

const professionalMatterShow = async (
  deps: Deps,
  actor: Actor,
  cmd: MatterShow,
  now: Date,
): Promise<View> => {
  const [row] = await deps.db
    .select({ matter: matters, grant: matterStaff })
    .from(matters)
    .leftJoin(
      matterStaff,
      and(
        eq(matterStaff.matterId, matters.id),
        eq(matterStaff.personId, actor.person.id),
        isNull(matterStaff.removedAt),
      ),
    )
    .where(and(eq(matters.firmId, actor.firm.id), eq(matters.number, cmd.number)))
    .limit(1);
  if (!row?.grant) {
    // Exactly the reply for a matter that does not exist; the attempt is audited by the dispatcher.
    const e = matterNotFound(cmd.number);
    throw new DelegateError(e.code, e.message, {
      refusal: {
        ...(row ? { matterId: row.matter.id } : {}),
        detail: { via: "matter show", matter: cmd.number },
      },
    });
  }
  const m = row.matter;
  const mine = (await openWorkOf(deps.db, actor.person.id, m.id)).filter(
    (t) => t.assigneeId === actor.person.id,
  );
  await recordAudit(deps.db, matterReads(actor, [m.id], "show", now));
  return {
    tone: "info",
    title: `Matter ${m.number}`,
    lines: [`You have been staffed on it since ${formatLocal(row.grant.createdAt, actor.person.tz)}.`],
    fields: [
      { label: "Title", value: m.title },
      { label: "Client", value: m.client ?? "not recorded" },
      { label: "Practice area", value: m.area ?? "not recorded" },
    ],
    items: mine.map((t) => ({
      text: `Your open task: ${taskRef(t.number)} · ${t.title} · ${STATUS_LABEL[t.status].toLowerCase()} · due ${formatLocal(t.dueAt, actor.person.tz)}`,
      task: t.number,
    })),
    audience: "private",
  };
};
