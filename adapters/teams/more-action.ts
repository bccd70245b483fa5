import { z } from "zod";

/**
 * "More" under a long list (the view's next page, src/views/view.ts `more`): an Action.Execute
 * whose data carries the next page's command, run as if typed. Untrusted like every card action:
 * only a next page is accepted, and the core parses and re-checks it as a typed command.
 */
export const MORE_VERB = "more";

export const moreData = z.looseObject({
  delegate: z.literal("more"),
  command: z
    .string()
    .max(300)
    .regex(/^(list (mine|review|overdue|all)|audit [^\n]+) page:\d{1,5}$/),
});

export type MoreData = z.infer<typeof moreData>;
