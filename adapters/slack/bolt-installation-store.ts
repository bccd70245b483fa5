import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { z } from "zod";
import type { InstallationStore as DelegateInstallations, InstallationKey } from "../../src/core.js";

/**
 * Bolt's InstallationStore on the core's installation service (adapters never touch tables):
 * org-wide installs are keyed by enterprise, workspace installs by enterprise and team. The
 * record is stored whole, encrypted by the service; what comes back is parsed before use.
 */
const keyOfInstallation = (i: Installation): InstallationKey =>
  i.isEnterpriseInstall
    ? { enterpriseId: i.enterprise?.id }
    : { enterpriseId: i.enterprise?.id, teamId: i.team?.id };

export const keyOfQuery = (q: InstallationQuery<boolean>): InstallationKey =>
  q.isEnterpriseInstall
    ? { enterpriseId: q.enterpriseId }
    : { enterpriseId: q.enterpriseId, teamId: q.teamId };

const stored = z.object({
  team: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  enterprise: z.object({ id: z.string(), name: z.string().optional() }).optional(),
  user: z.object({
    id: z.string(),
    token: z.string().optional(),
    scopes: z.array(z.string()).optional(),
  }),
  bot: z
    .object({
      token: z.string(),
      scopes: z.array(z.string()),
      id: z.string(),
      userId: z.string(),
      refreshToken: z.string().optional(),
      expiresAt: z.number().optional(),
    })
    .optional(),
  appId: z.string().optional(),
  tokenType: z.literal("bot").optional(),
  isEnterpriseInstall: z.boolean().optional(),
  authVersion: z.enum(["v1", "v2"]).optional(),
});

const toInstallation = (raw: unknown): Installation<"v2", boolean> | undefined => {
  const parsed = stored.safeParse(raw);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  return {
    team: s.team,
    enterprise: s.enterprise,
    user: { id: s.user.id, token: s.user.token, scopes: s.user.scopes },
    ...(s.bot ? { bot: s.bot } : {}),
    appId: s.appId,
    tokenType: s.tokenType,
    isEnterpriseInstall: s.isEnterpriseInstall ?? false,
    authVersion: "v2",
  };
};

export const boltInstallationStore = (installations: DelegateInstallations): InstallationStore => ({
  storeInstallation: (installation) => installations.save(keyOfInstallation(installation), installation),
  fetchInstallation: async (query) => {
    const found = toInstallation(await installations.find(keyOfQuery(query)));
    if (!found) throw new Error("Delegate is not installed in this Slack workspace");
    return found;
  },
  deleteInstallation: (query) => installations.revoke(keyOfQuery(query)),
});

/**
 * The bot token for a workspace, for the outbox sender. A recipient is known by team id only,
 * so a workspace installed inside an Enterprise Grid org (stored under enterprise and team) is
 * found by its team as well.
 */
export const botTokenOf = async (installations: DelegateInstallations, teamId: string) =>
  toInstallation(await installations.findWorkspace(teamId))?.bot?.token;
