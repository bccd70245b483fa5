import type { App } from "@slack/bolt";
import { z } from "zod";
import type { Core, InstallationStore } from "../../src/core.js";
import { speakerOf } from "./identity.js";
import { renderHome } from "./render-blocks.js";

const envelopeSchema = z.object({
  team_id: z.string().optional(),
  enterprise_id: z.string().nullish(),
  authorizations: z.array(z.object({ is_enterprise_install: z.boolean().optional() })).optional(),
});

/** Which installation an event is about: the org for org-wide installs, else org and team. */
const installationOf = (body: unknown) => {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const b = parsed.data;
  const enterpriseId = b.enterprise_id ?? undefined;
  return b.authorizations?.[0]?.is_enterprise_install
    ? { enterpriseId }
    : { enterpriseId, teamId: b.team_id };
};

const revokedSchema = z.object({ tokens: z.object({ bot: z.array(z.string()).optional() }) });

/**
 * Events: the Home tab is drawn from the core's home views each time it is opened; with OAuth,
 * uninstalling the app or revoking its bot token revokes the stored installation.
 */
export const registerEvents = (app: App, core: Core, installations?: InstallationStore): void => {
  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home") return;
    const teamId = envelopeSchema.safeParse(body).data?.team_id;
    if (!teamId) return;
    const views = await core.home(speakerOf({ teamId, userId: event.user }));
    await client.views.publish({ user_id: event.user, view: renderHome(views) });
  });

  if (!installations) return;
  app.event("app_uninstalled", async ({ body }) => {
    const key = installationOf(body);
    if (key) await installations.revoke(key);
  });
  app.event("tokens_revoked", async ({ event, body }) => {
    const key = installationOf(body);
    const bots = revokedSchema.safeParse(event).data?.tokens.bot ?? [];
    if (key && bots.length > 0) await installations.revoke(key);
  });
};
