import { createHash } from "node:crypto";
import { DateTime } from "luxon";
import type { Matter, Person } from "../../db/schema.js";
import { dayIn, dayLabel } from "../domain/access.js";
import type { Command } from "../domain/command.js";
import { formatLocal } from "../domain/due-time.js";
import { DelegateError } from "../domain/errors.js";
import { requireRole } from "../domain/policy.js";
import { zoneTime } from "../domain/zone-names.js";
import { type Actor, findPerson } from "../services/actor.js";
import type { Deps } from "../services/deps.js";
import { findMatter } from "../services/matter-service.js";
import { recordAudit } from "../services/record-audit.js";
import { FILE_DELIVERY } from "../views/file-delivery.js";
import type { View, ViewFile } from "../views/view.js";
import { buildMatterPacket, buildPersonPacket } from "./packet-builders.js";
import type { PacketDocument } from "./packet-document.js";
import type { Period } from "./packet-queries.js";

type Packet = Extract<Command, { name: "packet" }>;

/** A supervision packet as a file, whatever delivers it. */
export interface PacketFile extends ViewFile {
  /** The packet's title, as its first page says. */
  title: string;
}

const slug = (text: string): string =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "x";

/** since:/until: as a half-open period of instants in the firm's zone (until: is inclusive). */
const periodOf = (cmd: Packet, zone: string): Period => {
  if (!("user" in cmd)) return {};
  if (cmd.since && cmd.until && cmd.since > cmd.until) {
    throw new DelegateError("invalid", `since: (${cmd.since}) comes after until: (${cmd.until}).`, {
      usage: "packet @user [since:2026-11-01] [until:2026-11-30] | packet M-2024-118",
    });
  }
  return {
    ...(cmd.since ? { from: DateTime.fromISO(cmd.since, { zone }).startOf("day").toJSDate() } : {}),
    ...(cmd.until
      ? { to: DateTime.fromISO(cmd.until, { zone }).plus({ days: 1 }).startOf("day").toJSDate() }
      : {}),
  };
};

/**
 * Builds a supervision packet (a PDF) for a person or a matter and records its SHA-256 in the
 * audit trail: everything is read in one repeatable-read transaction (one consistent moment,
 * including the audit trail's state), the PDF is laid out outside it, then the event is written.
 */
export const makePacket = async (deps: Deps, actor: Actor, cmd: Packet): Promise<PacketFile> => {
  requireRole(actor.person, ["admin"], "make supervision packets");
  const now = deps.clock.now();
  const period = periodOf(cmd, actor.firm.tz);
  const reader = { tz: actor.person.tz, today: dayIn(now, actor.firm.tz) };
  const made = await deps.db.transaction(
    async (tx): Promise<{ doc: PacketDocument; person?: Person; matter?: Matter }> => {
      if ("user" in cmd) {
        const person = await findPerson(tx, actor, cmd.user);
        return { doc: await buildPersonPacket(tx, actor.firm, person, period, reader), person };
      }
      const matter = await findMatter(tx, actor.firm.id, cmd.matter);
      return { doc: await buildMatterPacket(tx, actor.firm, matter, reader), matter };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
  const cover = [
    `Made ${formatLocal(now, reader.tz)} by ${actor.person.displayName} (times in ${zoneTime(reader.tz)}).`,
  ];
  const doc = { ...made.doc, cover: [...made.doc.cover, ...cover] };
  const { renderPacketPdf } = await import("./packet-pdf.js");
  const bytes = await renderPacketPdf(doc, {
    author: actor.person.displayName,
    createdAt: now,
    footer: `${actor.firm.name} · ${doc.title} · confidential`,
  });
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const stamp = DateTime.fromJSDate(now, { zone: actor.firm.tz }).toFormat("yyyyLLdd-HHmm");
  const filename = `packet-${slug(made.person?.displayName ?? made.matter?.number ?? "")}-${stamp}.pdf`;
  await deps.db.transaction((tx) =>
    recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      action: "packet.created",
      subjectId: made.person?.id ?? null,
      matterId: made.matter?.id ?? null,
      detail: {
        sha256,
        bytes: bytes.length,
        file: filename,
        ...("user" in cmd && cmd.since ? { since: cmd.since } : {}),
        ...("user" in cmd && cmd.until ? { until: cmd.until } : {}),
      },
    }),
  );
  return { filename, mediaType: "application/pdf", bytes, sha256, title: doc.title };
};

export const packetCommand = async (deps: Deps, actor: Actor, cmd: Packet): Promise<View> => {
  requireRole(actor.person, ["admin"], "make supervision packets");
  if (!FILE_DELIVERY.includes(actor.speaker.platform)) {
    throw new DelegateError(
      "invalid",
      "Packets are files, and delivering files here is not available yet: make it from the console (npm run console), where it is saved under the exports folder.",
    );
  }
  const file = await makePacket(deps, actor, cmd);
  const { title, ...delivered } = file;
  return {
    tone: "success",
    title,
    lines: [
      `${title}: ${Math.max(1, Math.round(file.bytes.length / 1024))} KB PDF, for you only.`,
      `SHA-256 ${file.sha256} (recorded in the audit trail${
        "user" in cmd && (cmd.since || cmd.until)
          ? `; covers ${cmd.since ? `from ${dayLabel(cmd.since)}` : "from the start"} ${cmd.until ? `to ${dayLabel(cmd.until)}` : "to now"}`
          : ""
      }).`,
    ],
    file: delivered,
    audience: "private",
  };
};
