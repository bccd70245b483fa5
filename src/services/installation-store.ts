import { and, desc, eq, isNull } from "drizzle-orm";
import { installations } from "../../db/schema.js";
import type { Platform } from "../domain/vocabulary.js";
import type { Deps } from "./deps.js";
import type { SecretBox } from "./secret-box.js";

/** Where an app is installed: an enterprise org, a workspace (team), or a workspace of an org. */
export interface InstallationKey {
  enterpriseId?: string | undefined;
  teamId?: string | undefined;
}

/**
 * Chat platforms' installations (Slack OAuth), kept in the database with their credentials
 * sealed: adapters never touch tables, so this is their port. The payload is the platform's own
 * record (opaque here), encrypted as a whole; only the key columns are readable.
 */
export interface InstallationStore {
  save(key: InstallationKey, payload: unknown): Promise<void>;
  /** The live installation for this key, or undefined (also when revoked). */
  find(key: InstallationKey): Promise<unknown>;
  /**
   * The live installation of one workspace, whether or not it sits in an Enterprise Grid org
   * (there it is keyed by enterprise and team, and a notification knows only the team).
   */
  findWorkspace(teamId: string): Promise<unknown>;
  /** Uninstall or token revocation: the row stays (history), authorizes nothing. */
  revoke(key: InstallationKey): Promise<void>;
}

const keyOf = (platform: Platform, key: InstallationKey) =>
  and(
    eq(installations.platform, platform),
    eq(installations.enterpriseId, key.enterpriseId ?? ""),
    eq(installations.teamId, key.teamId ?? ""),
  );

export const createInstallationStore = (
  deps: Pick<Deps, "db" | "clock">,
  platform: Platform,
  box: SecretBox,
): InstallationStore => ({
  async save(key, payload) {
    const row = {
      platform,
      enterpriseId: key.enterpriseId ?? "",
      teamId: key.teamId ?? "",
      encryptedPayload: box.seal(JSON.stringify(payload)),
      installedAt: deps.clock.now(),
      revokedAt: null,
    };
    // Reinstalling (new scopes, a new token) replaces the old record and clears a revocation.
    await deps.db
      .insert(installations)
      .values(row)
      .onConflictDoUpdate({
        target: [installations.platform, installations.enterpriseId, installations.teamId],
        set: { encryptedPayload: row.encryptedPayload, installedAt: row.installedAt, revokedAt: null },
      });
  },
  async find(key) {
    const [row] = await deps.db
      .select({ sealed: installations.encryptedPayload })
      .from(installations)
      .where(and(keyOf(platform, key), isNull(installations.revokedAt)))
      .limit(1);
    return row ? (JSON.parse(box.open(row.sealed)) as unknown) : undefined;
  },
  async findWorkspace(teamId) {
    if (teamId === "") return undefined;
    const [row] = await deps.db
      .select({ sealed: installations.encryptedPayload })
      .from(installations)
      .where(
        and(
          eq(installations.platform, platform),
          eq(installations.teamId, teamId),
          isNull(installations.revokedAt),
        ),
      )
      .orderBy(desc(installations.installedAt))
      .limit(1);
    return row ? (JSON.parse(box.open(row.sealed)) as unknown) : undefined;
  },
  async revoke(key) {
    await deps.db
      .update(installations)
      .set({ revokedAt: deps.clock.now() })
      .where(and(keyOf(platform, key), isNull(installations.revokedAt)));
  },
});
