import { and, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.js";
import { fileOffers, workspaces } from "../../db/schema.js";
import type { Platform } from "../domain/vocabulary.js";
import type { ViewFile } from "../views/view.js";
import type { Speaker } from "./deps.js";

/**
 * Files offered to one person and waiting for their consent (Teams' file consent card,
 * docs/teams.md "Files"). They wait in the database, not in the memory of the process that made
 * them, so the answer may reach any replica, or come after a restart. Times are the database's
 * own clock (`now()`): an offer's hour is wall-clock time, the same for every replica.
 */
export interface FileOffers {
  /** Keeps `file` for `to` alone; returns the offer's id, for the card to carry. */
  offer(to: Speaker, file: ViewFile): Promise<string>;
  /**
   * The file offered under `id` to this person, once: the first answer (accept or decline) takes
   * it; a second answer, another person's, or one after the hour gets nothing.
   */
  take(id: string, by: Pick<Speaker, "platform" | "workspaceId" | "userId">): Promise<ViewFile | undefined>;
}

/**
 * How long an offer can be accepted. The bytes are client-confidential, so they are kept no longer:
 * an answer deletes its offer, and the next offer prunes the ones past the hour.
 */
const ACCEPTABLE_FOR = sql`interval '1 hour'`;

const offerId = z.uuid();

/** The firm of the speaker's workspace, as a subquery (no firm: null, which the insert refuses). */
const firmOf = (platform: Platform, workspaceId: string) =>
  sql`(select ${workspaces.firmId} from ${workspaces} where ${workspaces.platform} = ${platform} and ${workspaces.externalId} = ${workspaceId})`;

export const createFileOffers = (db: Db): FileOffers => ({
  async offer(to, file) {
    await db.delete(fileOffers).where(lt(fileOffers.offeredAt, sql`now() - ${ACCEPTABLE_FOR}`));
    const [row] = await db
      .insert(fileOffers)
      .values({
        firmId: firmOf(to.platform, to.workspaceId),
        platform: to.platform,
        userId: to.userId,
        filename: file.filename,
        mediaType: file.mediaType,
        bytes: file.bytes,
        sha256: file.sha256,
      })
      .returning({ id: fileOffers.id });
    if (!row) throw new Error("the file offer was not stored");
    return row.id;
  },

  async take(id, by) {
    // Cards made before offers were stored carry other tokens: nothing to take.
    if (!offerId.safeParse(id).success) return undefined;
    // Taken by deleting it: one answer only, and the bytes are gone from the database at once.
    const [row] = await db
      .delete(fileOffers)
      .where(
        and(
          eq(fileOffers.id, id),
          eq(fileOffers.platform, by.platform),
          eq(fileOffers.userId, by.userId),
          eq(fileOffers.firmId, firmOf(by.platform, by.workspaceId)),
          gt(fileOffers.offeredAt, sql`now() - ${ACCEPTABLE_FOR}`),
        ),
      )
      .returning({
        filename: fileOffers.filename,
        mediaType: fileOffers.mediaType,
        bytes: fileOffers.bytes,
        sha256: fileOffers.sha256,
      });
    return row;
  },
});
