import type { HttpCall } from "../load/http-client.js";
import { teamsTenantId, teamsUserId } from "../scale/shape.js";

let sequence = 1_767_224_924_615;

/** An activity from person k of firm f, in their personal chat with the bot, shaped like Teams'. */
const base = (firm: number, k: number, serviceUrl: string) => {
  const tenant = teamsTenantId(firm);
  const user = teamsUserId(firm, k);
  return {
    id: String(++sequence),
    channelId: "msteams",
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: user, name: `Person ${firm}-${k}` },
    recipient: { id: "28:delegate-bench-bot", name: "Delegate" },
    conversation: { conversationType: "personal", tenantId: tenant, id: `a:personal-${firm}-${k}` },
    channelData: { tenant: { id: tenant } },
  };
};

const post = (activity: Record<string, unknown>): HttpCall => ({
  method: "POST",
  path: "/api/messages",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(activity),
});

export const message = (firm: number, k: number, text: string, serviceUrl: string): HttpCall =>
  post({ ...base(firm, k, serviceUrl), type: "message", textFormat: "plain", text, entities: [] });

/** Action.Execute of a task card's refresh: the card redrawn as the task now is (a read). */
export const cardAction = (firm: number, k: number, task: number, serviceUrl: string): HttpCall =>
  post({
    ...base(firm, k, serviceUrl),
    type: "invoke",
    name: "adaptiveCard/action",
    value: {
      action: { type: "Action.Execute", verb: "refresh", data: { delegate: "refresh", task } },
      trigger: "manual",
    },
  });
