import type { App, RespondFn } from "@slack/bolt";
import type { Core } from "../../src/core.js";
import { decodeButton, decodeMore, MORE_ACTION, TASK_ACTION } from "./action-ids.js";
import { speakerOfInteraction } from "./identity.js";
import { messageOf, redrawn, refreshMessage } from "./message-refresh.js";
import { askModal, changesModal, submitModal } from "./modals.js";
import { renderMessage, type SlackMessage } from "./render-blocks.js";

/** A private answer under the clicked message; clicks on the Home tab have no response_url. */
const privately =
  (respond: RespondFn | undefined) => async (message: Pick<SlackMessage, "text"> & Partial<SlackMessage>) => {
    if (typeof respond === "function") {
      await respond({ response_type: "ephemeral", replace_original: false, ...message });
    }
  };

const buttonValue = (action: unknown): string | undefined =>
  typeof action === "object" && action !== null && "value" in action && typeof action.value === "string"
    ? action.value
    : undefined;

/**
 * Button clicks. Acknowledge, Start and Approve go straight to the core as clicks (re-checked
 * there against who clicked and the version the button was drawn from); Submit, Request changes
 * and Ask open their small forms first. A refusal is answered privately and leaves the message as it was.
 */
export const registerActions = (app: App, core: Core): void => {
  app.action(TASK_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const speaker = speakerOfInteraction(body);
    const button = decodeButton(buttonValue(action));
    const answer = privately(respond);
    if (!speaker || !button) {
      await answer({ text: "That button is not one I recognise; type /delegate help." });
      return;
    }
    const message = messageOf(body);
    if (button.action === "submit" || button.action === "changes" || button.action === "ask") {
      const triggerId = "trigger_id" in body ? body.trigger_id : undefined;
      if (!triggerId) return;
      // An ephemeral message cannot be updated from a form later: only posted ones are remembered.
      const meta = {
        task: button.task,
        version: button.version,
        ...(message && !message.ephemeral ? { channel: message.channel, ts: message.ts } : {}),
      };
      await client.views.open({
        trigger_id: triggerId,
        view:
          button.action === "submit"
            ? submitModal(meta)
            : button.action === "changes"
              ? changesModal(meta)
              : askModal(meta),
      });
      return;
    }
    // One trip: the core answers with the outcome and the task as it is now, to redraw.
    const resolved = await core.click({ kind: "click", speaker, button });
    if (resolved.outcome.tone === "error") {
      await answer(renderMessage(resolved.outcome));
      return;
    }
    if (message?.ephemeral && typeof respond === "function") {
      await respond({ replace_original: true, ...redrawn(resolved) });
    } else if (message) await refreshMessage(client, message, resolved);
    else await answer(renderMessage(resolved.outcome));
  });

  /**
   * "More" under a long list runs the next page's command. Under a message the page comes back
   * privately through its response_url; a click on the Home tab has none, so the page is sent
   * to the person's direct message with the app (the Home tab stays the first page).
   */
  app.action(MORE_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const speaker = speakerOfInteraction(body);
    const text = decodeMore(buttonValue(action));
    if (!speaker || !text) return;
    const view = await core.handle({ speaker, text });
    if (typeof respond === "function") {
      await privately(respond)(renderMessage(view));
      return;
    }
    await client.chat.postMessage({ channel: body.user.id, ...renderMessage(view) });
  });
};
