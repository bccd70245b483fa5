import type { InboundActivity, Mention } from "./activity.js";
import { mentionsOf } from "./activity.js";

/** Teams escapes a few characters in message text even when textFormat is plain. */
const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&apos;": "'",
  "&nbsp;": " ",
};

const decodeEntities = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (m) => ENTITIES[m] ?? m);

/** A display name safe inside the parser's `<@id|Name>` form. */
const safeName = (name: string): string => name.replace(/[<>|]/g, "").trim();

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The command a Teams message says: the bot's own @mention removed, every other mention
 * rewritten into the parser's `<@id|Name>` form with the id `idOf` gives (the user's AAD object
 * id when the roster knows it, so it matches the identity the person speaks with).
 */
export const commandText = async (
  activity: InboundActivity,
  idOf: (mention: Mention) => Promise<string>,
): Promise<string> => {
  let text = activity.text ?? "";
  for (const mention of mentionsOf(activity)) {
    const name = mention.mentioned.name ?? "";
    // The entity's own text is what appears in the message; older clients omit it.
    const tag = mention.text ?? `<at>${name}</at>`;
    const pattern = new RegExp(escapeRegExp(tag), "i");
    if (mention.mentioned.id === activity.recipient.id) {
      text = text.replace(pattern, " ");
      continue;
    }
    const id = (await idOf(mention)).replace(/[\s<>|]/g, "");
    text = text.replace(pattern, () => ` <@${id}|${safeName(name) || id}> `);
  }
  // A leftover <at>Bot</at> (an entity Teams did not send) must not become a parse error.
  const botName = activity.recipient.name;
  if (botName) text = text.replace(new RegExp(`<at>\\s*${escapeRegExp(botName)}\\s*</at>`, "gi"), " ");
  return decodeEntities(text).replace(/\s+/g, " ").trim();
};
