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

/** Stand-ins for rewritten mentions while their runs are joined (stripped from the user's text first). */
const OPEN = "\uE000";
const CLOSE = "\uE001";
const MARKER_RUN = /\uE000(\d+)\uE001(?:\s*\uE000\d+\uE001)*/g;

/**
 * The command a Teams message says: the bot's own @mention removed, every other mention
 * rewritten into the parser's `<@id|Name>` form with the id `idOf` gives (the user's AAD object
 * id when the roster knows it, so it matches the identity the person speaks with). Newer Teams
 * clients send a multi-word name as one mention entity per word, all with the same id
 * (`<at>Casey</at> <at>Morgan</at>`): adjacent mentions of one id are one person, "Casey Morgan".
 */
export const commandText = async (
  activity: InboundActivity,
  idOf: (mention: Mention) => Promise<string>,
): Promise<string> => {
  let text = (activity.text ?? "").replace(/[\uE000\uE001]/g, "");
  const people: Mention[] = [];
  for (const mention of mentionsOf(activity)) {
    const name = mention.mentioned.name ?? "";
    // The entity's own text is what appears in the message; older clients omit it.
    const tag = mention.text ?? `<at>${name}</at>`;
    const pattern = new RegExp(escapeRegExp(tag), "i");
    if (mention.mentioned.id === activity.recipient.id) {
      text = text.replace(pattern, " ");
      continue;
    }
    const marker = `${OPEN}${people.length}${CLOSE}`;
    const before = text;
    text = text.replace(pattern, () => ` ${marker} `);
    if (text !== before) people.push(mention);
  }
  const runs: { at: number; length: number; mentions: Mention[] }[] = [];
  for (const run of text.matchAll(MARKER_RUN)) {
    const mentions = [...run[0].matchAll(/\uE000(\d+)\uE001/g)].flatMap((m) => {
      const mention = people[Number(m[1])];
      return mention ? [mention] : [];
    });
    runs.push({ at: run.index, length: run[0].length, mentions });
  }
  // Right to left, so earlier offsets stay valid while later runs are replaced.
  for (const run of runs.reverse()) {
    const rewritten: string[] = [];
    let group: Mention[] = [];
    const flush = async () => {
      const first = group[0];
      if (!first) return;
      const id = (await idOf(first)).replace(/[\s<>|]/g, "");
      const name = safeName(group.map((m) => m.mentioned.name ?? "").join(" "));
      rewritten.push(`<@${id}|${name || id}>`);
      group = [];
    };
    for (const mention of run.mentions) {
      if (group[0] && group[0].mentioned.id !== mention.mentioned.id) await flush();
      group.push(mention);
    }
    await flush();
    text = `${text.slice(0, run.at)} ${rewritten.join(" ")} ${text.slice(run.at + run.length)}`;
  }
  // A leftover <at>Bot</at> (an entity Teams did not send) must not become a parse error.
  const botName = activity.recipient.name;
  if (botName) text = text.replace(new RegExp(`<at>\\s*${escapeRegExp(botName)}\\s*</at>`, "gi"), " ");
  // Any other mention without an entity names a person, as @"Full Name" (the core knows no <at>).
  text = text.replace(/<at>([^<]*)<\/at>/gi, (_tag, name: string) => {
    const bare = safeName(name).replace(/["“”]/g, "");
    return bare ? ` @"${bare}" ` : " ";
  });
  return decodeEntities(text).replace(/\s+/g, " ").trim();
};
