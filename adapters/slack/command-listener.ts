import type { App } from "@slack/bolt";
import type { Core, View } from "../../src/core.js";
import { SLASH_COMMAND } from "./action-ids.js";
import { type FileDelivery, notDeliveredLine, sendingLine } from "./file-upload.js";
import { parseSlashCommand, slackDirectory, speakerOf } from "./identity.js";
import { assignModal } from "./modals.js";
import { renderMessage } from "./render-blocks.js";
import { decodeSlackText } from "./slack-text.js";

/** The ack's body: shown only to the speaker unless the core meant the view for the channel. */
export const replyOf = (view: View) => ({
  response_type: view.audience === "channel" ? ("in_channel" as const) : ("ephemeral" as const),
  ...renderMessage(view),
});

/** `/delegate` and `/delegate assign` alone open the assign form instead of a usage error. */
const opensAssignForm = (text: string): boolean => text === "" || /^assign$/i.test(text);

/**
 * `/delegate …`: the whole grammar goes to the core as typed (Slack's &amp; &lt; &gt; undone
 * first); the reply rides in the ack, so it arrives in one round trip.
 */
export const registerCommand = (app: App, core: Core, deliverFile?: FileDelivery): void => {
  app.command(SLASH_COMMAND, async ({ body, ack, client, respond }) => {
    const cmd = parseSlashCommand(body);
    if (!cmd) {
      await ack({ response_type: "ephemeral", text: "Sorry, I could not read that command from Slack." });
      return;
    }
    const text = decodeSlackText(cmd.text).trim();
    if (opensAssignForm(text) && cmd.trigger_id) {
      // The trigger expires in 3 s: acknowledge first, then open the form.
      await ack();
      await client.views.open({
        trigger_id: cmd.trigger_id,
        view: assignModal(cmd.channel_id ? { channel: cmd.channel_id } : {}),
      });
      return;
    }
    const speaker = speakerOf({
      teamId: cmd.team_id,
      userId: cmd.user_id,
      userName: cmd.user_name,
      channelId: cmd.channel_id,
    });
    const view = await core.handle({ speaker, text, directory: slackDirectory(client) });
    const file = view.file;
    if (!file || !deliverFile) {
      await ack(replyOf(view));
      return;
    }
    // A packet or an export: the reply says where the file goes; the bytes go to the DM alone.
    await ack(replyOf({ ...view, lines: [...view.lines, sendingLine(file.filename)] }));
    try {
      await deliverFile(speaker, file);
    } catch (e) {
      await respond({ response_type: "ephemeral", text: notDeliveredLine(file.filename, e) });
    }
  });
};
