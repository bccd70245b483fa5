import { IANAZone } from "luxon";
import { z } from "zod";
import { DelegateError } from "../domain/errors.js";
import { repairDeep, repairText, unstorable } from "../domain/storable-text.js";
import { PLATFORM_NAME } from "../domain/vocabulary.js";
import type { Directory, Speaker, UserProfile } from "./deps.js";

/**
 * What an adapter says about a person, checked where it enters the core. Identifiers must be clean
 * (they are keys: a repaired one could name someone else); names, e-mail and conversation data are
 * repaired (src/domain/storable-text.ts), so a display name with half an emoji in it never stops
 * its owner's commands.
 */
const identifier = z
  .string()
  .min(1)
  .max(256)
  .refine((s) => unstorable(s) === undefined);

const label = (max: number) => z.string().transform((s) => repairText(s).slice(0, max));

/** Optional facts: a bad value is dropped rather than refusing the person. */
const optional = <T>(schema: z.ZodType<T, string>) =>
  z
    .string()
    .optional()
    .transform((s) => {
      const parsed = s === undefined ? undefined : schema.safeParse(s);
      return parsed?.success ? parsed.data : undefined;
    });

const zone = z.string().refine((s) => IANAZone.isValidZone(s));

const speakerSchema = z.object({
  platform: z.string().regex(PLATFORM_NAME),
  workspaceId: identifier,
  userId: identifier,
  userName: label(200).optional(),
  email: optional(
    z
      .string()
      .max(320)
      .refine((s) => unstorable(s) === undefined),
  ),
  tz: optional(zone),
  channelId: optional(identifier),
  conversationRef: z
    .unknown()
    .optional()
    .transform((v) => (v === undefined ? undefined : repairDeep(v))),
});

/** Drops the keys zod left undefined, so `{ ...speaker }` spreads stay exact. */
const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export const checkedSpeaker = (speaker: Speaker): Speaker => {
  const result = speakerSchema.safeParse(speaker);
  if (!result.success) {
    throw new DelegateError(
      "invalid",
      "Your chat platform sent an identity Delegate cannot read, so nothing was done. Please tell your admin.",
    );
  }
  return defined(result.data);
};

const profileSchema = z.object({
  userId: identifier,
  displayName: label(200),
  email: optional(
    z
      .string()
      .max(320)
      .refine((s) => unstorable(s) === undefined),
  ),
  tz: optional(zone),
});

/** A Directory whose answers are checked the same way (display names repaired, bad ids refused). */
export const checkedDirectory = (directory: Directory): Directory => ({
  lookup: async (ref) => {
    const profile = await directory.lookup(ref);
    if (profile === undefined) return undefined;
    const result = profileSchema.safeParse(profile);
    return result.success ? (defined(result.data) as UserProfile) : undefined;
  },
});
