import { and, desc, eq, sql } from "drizzle-orm";
import { channels, outbox, people } from "../../db/schema.js";
import { DROP_WORDS } from "../domain/access.js";
import { DelegateError } from "../domain/errors.js";
import { requireRole } from "../domain/policy.js";
import type { DropReason } from "../domain/vocabulary.js";
import type { View } from "../views/view.js";
import { plural } from "../views/words.js";
import type { Actor } from "./actor.js";
import type { Deps } from "./deps.js";
import { recordAudit } from "./record-audit.js";

/** `digest here`: the weekly digest (aggregates and numbers only) goes to the channel this was said in. */
export const digestHere = async (deps: Deps, actor: Actor): Promise<View> => {
  requireRole(actor.person, ["admin"], "choose the digest channel");
  const channelId = actor.speaker.channelId;
  if (!channelId) {
    throw new DelegateError("invalid", "Say this in the channel that should receive the weekly digest.");
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const binding = {
      platform: actor.speaker.platform,
      workspaceExternalId: actor.speaker.workspaceId,
      channelId,
      conversationRef: actor.speaker.conversationRef ?? null,
    };
    await tx
      .insert(channels)
      .values({ firmId: actor.firm.id, purpose: "digest", ...binding })
      .onConflictDoUpdate({ target: [channels.firmId, channels.purpose], set: binding });
    await recordAudit(tx, {
      firmId: actor.firm.id,
      at: now,
      actorId: actor.person.id,
      action: "digest.channel_set",
      detail: { platform: actor.speaker.platform },
    });
  });
  return {
    tone: "success",
    lines: [
      "The weekly digest will be posted here. It shows totals, task and matter numbers only, never task titles.",
    ],
    audience: "channel",
  };
};

/** A notification's kind in words: "task.assigned" → "task assigned message". */
const noticeWords = (kind: string): string => `${kind.replace(/[._]+/g, " ").trim()} message`;

/** `outbox`: what is waiting or could not be delivered, for admins. No message text: it may be confidential. */
export const outboxReport = async (deps: Deps, actor: Actor): Promise<View> => {
  requireRole(actor.person, ["admin"], "inspect notifications");
  const counts = await deps.db
    .select({ status: outbox.status, n: sql<number>`count(*)::int` })
    .from(outbox)
    .where(eq(outbox.firmId, actor.firm.id))
    .groupBy(outbox.status);
  const count = (s: string) => counts.find((c) => c.status === s)?.n ?? 0;
  const latest = (status: "parked" | "dropped") =>
    deps.db
      .select({ row: outbox, name: people.displayName })
      .from(outbox)
      .leftJoin(people, eq(people.id, outbox.personId))
      .where(and(eq(outbox.firmId, actor.firm.id), eq(outbox.status, status)))
      .orderBy(desc(outbox.id))
      .limit(20);
  const [parked, dropped] = await Promise.all([latest("parked"), latest("dropped")]);
  return {
    tone: parked.length > 0 ? "warning" : "info",
    title: "Notifications",
    lines: [
      `${count("pending")} waiting · ${count("sent")} delivered · ${count("parked")} undeliverable${
        count("dropped") > 0
          ? ` · ${count("dropped")} withheld (recipient no longer allowed to see them)`
          : ""
      }`,
    ],
    items: [
      ...parked.map((p) => ({
        text: `#${p.row.id} ${noticeWords(p.row.kind)} to ${p.name ?? "the digest channel"} · ${plural(p.row.attempts, "attempt")} · ${p.row.lastError ?? "no error recorded"}`,
      })),
      // Withheld at delivery because the recipient could no longer see what it carried.
      ...dropped.map((p) => ({
        text: `#${p.row.id} ${noticeWords(p.row.kind)} to ${p.name ?? "?"} · withheld: ${
          DROP_WORDS[p.row.droppedReason as DropReason] ?? "the recipient may no longer see it"
        }`,
      })),
    ],
    audience: "private",
  };
};
