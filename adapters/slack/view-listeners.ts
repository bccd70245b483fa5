import type { App } from "@slack/bolt";
import type { Core } from "../../src/core.js";
import { CALLBACK, decodeMetadata } from "./action-ids.js";
import { slackDirectory, speakerOfInteraction } from "./identity.js";
import { refreshMessage } from "./message-refresh.js";
import { blockErrors, formOf, parseState, resultModal } from "./modals.js";

const CALLBACKS = new RegExp(`^(${Object.values(CALLBACK).join("|")})$`);

/**
 * A submitted modal becomes the core's form. Problems come back in the ack
 * (`response_action: "errors"`), field by field, and nothing is written; success replaces the
 * form with the outcome and, for Submit and Request changes, redraws the message they came from.
 */
export const registerViews = (app: App, core: Core): void => {
  app.view(CALLBACKS, async ({ ack, body, view, client }) => {
    const blockIds = view.blocks.flatMap((b) => (b.type === "input" && b.block_id ? [b.block_id] : []));
    const speaker = speakerOfInteraction(body);
    const meta = decodeMetadata(view.private_metadata);
    const form = formOf(view.callback_id, parseState(view.state.values), meta);
    if (!speaker || !form) {
      await ack({
        response_action: "errors",
        errors: { [blockIds[0] ?? "user"]: "This form is out of date; close it and start again." },
      });
      return;
    }
    // A task's form is a click: its answer carries the task as it is now, to redraw its message.
    const resolved = await core.click({ kind: "form", speaker, form, directory: slackDirectory(client) });
    const result = resolved.outcome;
    if (result.tone === "error") {
      await ack({ response_action: "errors", errors: blockErrors(blockIds, result) });
      return;
    }
    await ack({ response_action: "update", view: resultModal(result) });
    if (form.kind !== "assign" && meta.channel && meta.ts) {
      await refreshMessage(client, { channel: meta.channel, ts: meta.ts }, resolved);
    }
  });
};
