/*
 * Work that needs a lawyer (ABA Model Rule 5.5: only a lawyer may practise law; Rule 5.3 lets a
 * lawyer delegate everything else under supervision). "If a task does not require bar admission
 * to complete, it is a candidate for outsourcing" — so an assignment whose title or instructions
 * ask for legal advice, a court appearance, a settlement negotiation or a lawyer's signature is
 * refused. The built-in list is kept narrow on purpose: "advise" alone ("advise me when done") is
 * ordinary English, "advise the client" is not. The reasons for each phrase are in
 * docs/supervision.md; `firm set lawyer-only:` replaces the list.
 *
 * A phrase is words matched whole, in order, in any case and with any spacing between them.
 * "advise+settlement offer" needs both parts, anywhere in the text.
 */
export const DEFAULT_LAWYER_ONLY_PHRASES: readonly string[] = [
  "legal advice",
  "legal opinion",
  "advise the client",
  "advise our client",
  "advise him",
  "advise her",
  "advise+settlement offer",
  "recommend+settlement offer",
  "negotiate the settlement",
  "negotiate a settlement",
  "appear in court",
  "appear at the hearing",
  "court appearance",
  "argue the motion",
  "take the deposition",
  "defend the deposition",
  "sign the complaint",
  "sign the motion",
  "sign the brief",
  "sign the pleading",
  "represent the client",
];

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const patterns = new Map<string, RegExp[]>();

/** One regex per part; letters or digits on either side of a match mean it is inside another word. */
const partsOf = (phrase: string): RegExp[] => {
  let found = patterns.get(phrase);
  if (!found) {
    found = phrase
      .split("+")
      .map((part) => part.trim().split(/\s+/).filter(Boolean).map(escapeRegex).join("\\s+"))
      .filter((p) => p !== "")
      .map((p) => new RegExp(`(?<![\\p{L}\\p{N}])${p}(?![\\p{L}\\p{N}])`, "iu"));
    if (patterns.size > 500) patterns.clear();
    patterns.set(phrase, found);
  }
  return found;
};

/** The first phrase found in `text`, or undefined. */
export const findLawyerOnlyPhrase = (text: string, phrases: readonly string[]): string | undefined =>
  phrases.find((phrase) => {
    const parts = partsOf(phrase);
    return parts.length > 0 && parts.every((re) => re.test(text));
  });

/** The firm's list: its own (`firm set lawyer-only:`), or the built-in one when it set none. */
export const lawyerOnlyPhrasesOf = (firm: { lawyerOnlyPhrases: string[] | null }): readonly string[] =>
  firm.lawyerOnlyPhrases ?? DEFAULT_LAWYER_ONLY_PHRASES;
