import { ActivityHandler, type InvokeResponse, type TurnContext } from "botbuilder";
import type { Logger } from "pino";
import type { Core, FileOffers, View } from "../../src/core.js";
import { type InboundActivity, inboundActivity, isPersonal } from "./activity.js";
import { assignFormCard } from "./assign-form.js";
import { handleCardAction } from "./card-action.js";
import { executeValue } from "./card-action-ids.js";
import { type AdaptiveCard, CARD_CONTENT_TYPE } from "./card-elements.js";
import { cardMessage, renderCard, summaryOf } from "./card-render.js";
import { commandText } from "./command-text.js";
import { conversationReferenceOf, storedReference } from "./conversation-ref.js";
import { answerFileConsent } from "./file-consent.js";
import { type FileDelivery, withFileDelivered } from "./file-delivery.js";
import { type Outbound, sendToPersonalChat } from "./personal-chat.js";
import { rosterDirectory } from "./roster-directory.js";
import { speakerOf } from "./speaker.js";

export interface BotDeps {
  core: Core;
  logger: Logger;
  out: Outbound;
  /** Packets and exports: offered with a file consent card, uploaded on accept (docs/teams.md). */
  files?: { offers: FileOffers; deliverFile: FileDelivery };
}

/** Our reference to this conversation; its serviceUrl is the one this activity came from. */
const referenceOf = (context: TurnContext): unknown => conversationReferenceOf(context.activity);

/** The activity as we rely on it, who is speaking, and the roster to look people up in. */
const readTurn = (context: TurnContext) => {
  const parsed = inboundActivity.safeParse(context.activity);
  if (!parsed.success) return undefined;
  const activity = parsed.data;
  return {
    activity,
    speaker: speakerOf(activity, referenceOf(context)),
    directory: rosterDirectory(context),
  };
};

const isAssignForm = (text: string): boolean => /^(\/delegate\s+)?assign$/i.test(text.trim());

/**
 * The Teams bot: messages are commands (the bot's @mention stripped), card buttons are
 * `adaptiveCard/action` invokes answered with the updated card, and `Action.Submit` from older
 * clients arrives as a message with `value`. Every decision is the core's.
 */
export class DelegateBot extends ActivityHandler {
  constructor(private readonly deps: BotDeps) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleCommand(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.welcome(context);
      await next();
    });
  }

  /** Replies: in a personal chat as they are; elsewhere, private views go to the speaker's personal chat. */
  private async reply(
    context: TurnContext,
    activity: InboundActivity,
    card: AdaptiveCard,
    view: View | undefined,
  ) {
    const message = cardMessage(card, view ? summaryOf(view) : "Delegate");
    if (isPersonal(activity) || view?.audience === "channel") {
      await context.sendActivity(message);
      return;
    }
    const ref = storedReference.safeParse(referenceOf(context));
    if (!ref.success) return;
    await sendToPersonalChat(this.deps.out, ref.data, message);
    // Nothing confidential here: the channel only learns that an answer was sent.
    await context.sendActivity({
      type: "message",
      // Plain: the display name is the sender's own text and must not render as Markdown.
      textFormat: "plain",
      text: `${activity.from.name ?? "Done"}: I sent you my answer in our personal chat.`,
    });
  }

  /**
   * An `Action.Submit` click arrives as a message whose `replyToId` is the card's own activity.
   * In a personal chat that card is replaced by the answer (updateActivity), so its stale buttons
   * go, as an Action.Execute answer replaces them on newer clients. Elsewhere the card is shared
   * and the answer is private: it goes to the clicker's personal chat as before.
   */
  private async answerSubmit(context: TurnContext, activity: InboundActivity, card: AdaptiveCard) {
    if (isPersonal(activity) && activity.replyToId) {
      await context.updateActivity({ ...cardMessage(card, "Delegate"), id: activity.replyToId });
      return;
    }
    await this.reply(context, activity, card, undefined);
  }

  private async handleCommand(context: TurnContext): Promise<void> {
    const turn = readTurn(context);
    if (!turn) {
      this.deps.logger.warn("teams message without the fields we need; ignored");
      return;
    }
    const { activity, speaker, directory } = turn;
    if (activity.value !== undefined && !activity.text?.trim()) {
      // Action.Submit (clients without Universal Actions): same path as Action.Execute.
      const card = await handleCardAction({
        core: this.deps.core,
        speaker,
        clickerId: activity.from.id,
        directory,
        data: activity.value,
      });
      await this.answerSubmit(context, activity, card);
      return;
    }
    const text = await commandText(activity, (m) => directory.idOfMention(m));
    if (isAssignForm(text)) {
      await this.reply(context, activity, assignFormCard(), undefined);
      return;
    }
    const answered = await this.deps.core.handle({ speaker, text, directory });
    const files = this.deps.files;
    const view = files ? await withFileDelivered(answered, speaker, files.deliverFile) : answered;
    const card = renderCard(view, { refreshFor: [activity.from.id] });
    await this.reply(context, activity, card, view);
  }

  /** Installed in a personal chat: say hello with help (this also records where to reach them). */
  private async welcome(context: TurnContext): Promise<void> {
    const turn = readTurn(context);
    if (!turn || !isPersonal(turn.activity)) return;
    const botAdded = (turn.activity.membersAdded ?? []).some((m) => m.id === turn.activity.recipient.id);
    if (!botAdded) return;
    const view = await this.deps.core.handle({ speaker: turn.speaker, text: "help" });
    await context.sendActivity(cardMessage(renderCard(view), summaryOf(view)));
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === "fileConsent/invoke" && this.deps.files) {
      const turn = readTurn(context);
      if (!turn) return { status: 400 };
      return answerFileConsent(context, this.deps.files.offers, turn.speaker);
    }
    if (context.activity.name !== "adaptiveCard/action") return super.onInvokeActivity(context);
    const turn = readTurn(context);
    const value = executeValue.safeParse(context.activity.value);
    if (!turn || !value.success) {
      return {
        status: 400,
        body: {
          statusCode: 400,
          type: "application/vnd.microsoft.error",
          value: { code: "BadRequest", message: "That card action is not one Delegate understands." },
        },
      };
    }
    const card = await handleCardAction({
      core: this.deps.core,
      speaker: turn.speaker,
      clickerId: turn.activity.from.id,
      directory: turn.directory,
      data: value.data.action.data,
    });
    return { status: 200, body: { statusCode: 200, type: CARD_CONTENT_TYPE, value: card } };
  }
}
