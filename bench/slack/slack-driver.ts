import { type HttpCall, keepAliveAgent, send } from "../load/http-client.js";
import type { CommandDriver } from "../resources/resources-part.js";
import type { BenchSlackApi } from "./chat-api.js";
import { slackCommand, slackServerEnv } from "./slack-requests.js";

const TEAM = "TRES";

const say = (user: string, text: string): HttpCall => slackCommand(TEAM, "CRES", user, text);

/** A firm built through Slack commands, as a new customer would: same work on either engine. */
const SETUP = [
  'setup firm:"Resource Bench LLP" tz:America/New_York rate:300',
  "team add <@URES2> role:attorney rate:400",
  'team add <@URES3> role:professional tz:Asia/Manila delivery:offshore provider:"Acme LPO" nda:2026-01-15 nda-expires:2030-01-15 cost:25',
  'matter add M-1 "Smith v. Jones" client:"Smith" area:litigation',
];

const due = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** Four in five commands read (list, show), one in five assigns: a busy firm's day. */
const commandAt = (i: number): string =>
  i % 5 === 4
    ? `assign <@URES3> "Review batch ${i}" matter:M-1 due:"${due()} 10:00" est:2h`
    : i % 5 < 2
      ? "list all"
      : `show T-${1 + (i % 50)}`;

/** Drives a server of ours through signed Slack slash commands, a few in flight at a time. */
export const slackDriver = (api: BenchSlackApi): CommandDriver => {
  api.knows(["URES2", "URES3"]);
  return {
    env: slackServerEnv(api.url),
    drive: async (server, n, budgetMs) => {
      const deadline = Date.now() + budgetMs;
      const agent = keepAliveAgent(8);
      try {
        for (const text of SETUP) {
          const a = await send(agent, server.base, say("URES1", text));
          if (a.status !== 200 || /Sorry|not connected/.test(a.body)) {
            throw new Error(`setup step "${text}" got ${a.status}: ${a.body.slice(0, 200)}`);
          }
        }
        let next = 0;
        let ok = 0;
        const worker = async () => {
          while (next < n && Date.now() < deadline) {
            const i = next++;
            const a = await send(agent, server.base, say("URES1", commandAt(i)));
            if (a.status === 200) ok++;
          }
        };
        await Promise.all(Array.from({ length: 4 }, worker));
        return { sent: next, ok };
      } finally {
        agent.destroy();
      }
    },
  };
};
