import type { Firm } from "../../db/schema.js";
import { DelegateError } from "../domain/errors.js";
import { findLawyerOnlyPhrase, lawyerOnlyPhrasesOf } from "../domain/lawyer-only.js";

/**
 * Refuses delegating work whose title or instructions contain one of the firm's lawyer-only
 * phrases (src/domain/lawyer-only.ts), naming the phrase, the rule and the way out. `verb` says
 * what is refused ("assign", "reassign").
 */
export const refuseLawyerOnlyWork = (
  firm: Pick<Firm, "lawyerOnlyPhrases">,
  work: { title: string; notes?: string | null | undefined },
  verb: string,
): void => {
  const phrases = lawyerOnlyPhrasesOf(firm);
  for (const [field, text] of [
    ["title", work.title],
    ["notes", work.notes ?? ""],
  ] as const) {
    const phrase = findLawyerOnlyPhrase(text, phrases);
    if (phrase === undefined) continue;
    const shown = phrase.replace(/\s*\+\s*/g, '" with "');
    const where = field === "title" ? "title contains" : "instructions contain";
    const message = `I can't ${verb} this to a professional: it needs a lawyer. Its ${where} "${shown}", one of the firm's lawyer-only phrases — under ABA Model Rule 5.5 only a lawyer may give legal advice or otherwise practise law. If it is support work (e.g. drafting talking points for your call), reword it; an admin can change the list with firm set lawyer-only:"…".`;
    throw new DelegateError("invalid", message, { fields: { [field]: message } });
  }
};
