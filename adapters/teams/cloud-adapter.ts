import { type Activity, CloudAdapter, type InvokeResponse, type TurnContext } from "botbuilder";

/**
 * botbuilder's CloudAdapter, entered through `processActivity` (its documented extension point
 * for hosts) instead of `process()`. `process()` adapts an express-like request and response,
 * zod-checking both and the body on every activity; our route has already read and checked the
 * body and writes its own response. Authentication is unchanged: `processActivity` validates the
 * Authorization header through the adapter's BotFrameworkAuthentication before any turn runs.
 */
export class DelegateCloudAdapter extends CloudAdapter {
  /** Authenticates, runs `logic` as the turn, and resolves to the invoke response (if any). */
  processInbound(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

const DATE_FIELDS = [
  ["timestamp", "rawTimestamp"],
  ["localTimestamp", "rawLocalTimestamp"],
  ["expiration", "rawExpiration"],
] as const;

/**
 * A parsed request body as the activity botbuilder's `process()` would hand to the turn (its
 * `validateAndFixActivity`): it must have a type; date fields become Dates, their text kept in
 * the `raw…` fields. Undefined when there is no activity type.
 */
export const botActivityOf = (body: Record<string, unknown>): Activity | undefined => {
  if (typeof body.type !== "string" || body.type === "") return undefined;
  const activity: Record<string, unknown> = body;
  for (const [field, raw] of DATE_FIELDS) {
    const value = activity[field];
    if (typeof value === "string") {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  // Everything the turn reads from it is checked again (zod) before use: see activity.ts.
  return activity as unknown as Activity;
};
