import { createHash } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { DateTime } from "luxon";
import { matters, tasks } from "../../db/schema.js";
import type { Command } from "../domain/command.js";
import { DelegateError } from "../domain/errors.js";
import { requireRole } from "../domain/policy.js";
import { billingCsv, type ExportTask, hoursCsv, taskFlags } from "../figures/export/export-rows.js";
import { ledesFile } from "../figures/export/ledes.js";
import { periodBounds } from "../figures/export/period.js";
import { plural, refs } from "../figures/figure-words.js";
import { frozenTasks } from "../figures/frozen-tasks.js";
import { FILE_DELIVERY } from "../views/file-delivery.js";
import type { View, ViewFile } from "../views/view.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";

type Export = Extract<Command, { name: "export" }>;

/** An export as a file, whatever delivers it, and what its reply should say. */
export interface ExportFile extends ViewFile {
  lines: string[];
}

/** The approved tasks of the period, with their titles and clients (the file goes to an admin alone). */
const exportTasks = async (deps: Deps, actor: Actor, start: Date, end: Date): Promise<ExportTask[]> => {
  const frozen = await frozenTasks(deps.db, { firmId: actor.firm.id, from: start, to: end });
  if (frozen.length === 0) return [];
  const text = await deps.db
    .select({ id: tasks.id, title: tasks.title, client: matters.client })
    .from(tasks)
    .innerJoin(matters, eq(matters.id, tasks.matterId))
    .where(
      inArray(
        tasks.id,
        frozen.map((t) => t.taskId),
      ),
    );
  const byId = new Map(text.map((r) => [r.id, r]));
  return frozen.map((t) => ({
    ...t,
    title: byId.get(t.taskId)?.title ?? "",
    client: byId.get(t.taskId)?.client ?? null,
  }));
};

const KIND_WORDS: Record<Export["kind"], string> = {
  hours: "Hours recovered",
  billing: "Billing",
  ledes: "LEDES 1998B invoice file",
};

/**
 * Makes the export file of a period and records its SHA-256 in the audit trail: one row per
 * approved task (CSV) or one fee line per person and task (LEDES), all from the figures frozen at
 * approval, so the file agrees with the digest of the same weeks.
 */
export const makeExport = async (deps: Deps, actor: Actor, cmd: Export): Promise<ExportFile> => {
  requireRole(actor.person, ["admin"], "export figures");
  const now = deps.clock.now();
  const zone = actor.firm.tz;
  const period = periodBounds(cmd.period, now, zone);
  const rows = await exportTasks(deps, actor, period.start, period.end);
  const lines: string[] = [];
  let text: string;
  let ext = "csv";
  let mediaType = "text/csv";
  if (cmd.kind === "ledes") {
    const ledes = ledesFile(rows, { firmName: actor.firm.name, period, zone, madeAt: now });
    text = ledes.text;
    ext = "txt";
    mediaType = "text/plain";
    lines.push(
      `${plural(ledes.items, "fee line")} for ${plural(rows.length - ledes.unbilled.length, "approved task")}.`,
    );
    if (ledes.unbilled.length > 0) {
      lines.push(
        `Not in the file, nothing to bill (matter not billed, no time logged, or no rate on file): ${refs(
          ledes.unbilled.map((t) => ({ task: t.number, matter: t.matterNumber })),
        )}.`,
      );
    }
  } else {
    text = cmd.kind === "hours" ? hoursCsv(rows, zone) : billingCsv(rows, zone);
    lines.push(`${plural(rows.length, "approved task")}, one row each.`);
    const flagged = rows.filter((t) => taskFlags(t).length > 0);
    if (cmd.kind === "billing" && flagged.length > 0) {
      lines.push(
        `Check the flags column of ${refs(flagged.map((t) => ({ task: t.number, matter: t.matterNumber })))}.`,
      );
    }
  }
  const currencies = [...new Set(rows.map((t) => t.currency))];
  if (currencies.length > 1) {
    lines.push(`Amounts are in ${currencies.join(" and ")}: the firm's currency changed during the period.`);
  }
  const bytes = new TextEncoder().encode(text);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const filename = `delegate-${cmd.kind}-${period.label}.${ext}`;
  await recordAudit(deps.db, {
    firmId: actor.firm.id,
    at: now,
    actorId: actor.person.id,
    action: "export.created",
    detail: {
      kind: cmd.kind,
      period: period.label,
      tasks: rows.length,
      bytes: bytes.length,
      file: filename,
      sha256,
    },
  });
  return { filename, mediaType, bytes, sha256, lines };
};

export const exportCommand = async (deps: Deps, actor: Actor, cmd: Export): Promise<View> => {
  requireRole(actor.person, ["admin"], "export figures");
  if (!FILE_DELIVERY.includes(actor.speaker.platform)) {
    throw new DelegateError(
      "invalid",
      "Exports are files, and delivering files here is not available yet: make it from the console (npm run console), where it is saved under the exports folder.",
    );
  }
  const { lines, ...file } = await makeExport(deps, actor, cmd);
  const made = DateTime.fromJSDate(deps.clock.now(), { zone: actor.firm.tz }).toFormat("yyyy-LL-dd HH:mm");
  return {
    tone: "success",
    title: `${KIND_WORDS[cmd.kind]}, ${file.filename}`,
    lines: [...lines, `For you only (made ${made}). SHA-256 ${file.sha256}, recorded in the audit trail.`],
    file,
    audience: "private",
  };
};
