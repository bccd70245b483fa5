import type { Agent } from "node:http";
import { type HttpCall, send } from "../load/http-client.js";
import { slackCommand } from "../slack/slack-requests.js";

const TEAM = "TFLT";
const ATTORNEY = "UFLT1";
/** Two professionals, so notifications go to two people (ordering is per recipient). */
export const PROFESSIONALS = ["UFLT3", "UFLT4"];

/** `/delegate <text>` in the faults bench's own workspace. */
export const say = (user: string, text: string): HttpCall => slackCommand(TEAM, "CFLT", user, text);

const SETUP = [
  'setup firm:"Faults Bench LLP" tz:America/New_York rate:300',
  ...PROFESSIONALS.map(
    (u) =>
      `team add <@${u}> role:professional tz:Asia/Manila delivery:offshore provider:"Acme LPO" nda:2026-01-15 nda-expires:2030-01-15 cost:25`,
  ),
  'matter add M-1 "Smith v. Jones" client:"Smith" area:litigation',
];

/** A firm built through Slack commands, as a customer would; throws on any refusal. */
export const setUpFirm = async (agent: Agent, base: string): Promise<void> => {
  for (const text of SETUP) {
    const a = await send(agent, base, say(ATTORNEY, text));
    if (a.status !== 200 || /Sorry|not connected/.test(a.body)) {
      throw new Error(`faults setup "${text}" got ${a.status}: ${a.body.slice(0, 200)}`);
    }
  }
};

export type CommandKind = "assign" | "show" | "list";

/** Three in five commands assign (tasks and notifications), one shows a task, one lists. */
export const kindAt = (i: number): CommandKind => (i % 5 < 3 ? "assign" : i % 5 === 3 ? "show" : "list");

const due = (): string => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

/** Request i; `known` is a task number the server has acknowledged (0 when none yet). */
export const commandAt = (i: number, known: number): HttpCall => {
  switch (kindAt(i)) {
    case "assign":
      return say(
        ATTORNEY,
        `assign <@${PROFESSIONALS[i % PROFESSIONALS.length] ?? ""}> "Fault review ${i}" matter:M-1 due:"${due()} 10:00" est:1h`,
      );
    case "show":
      return say(ATTORNEY, `show T-${Math.max(1, known)}`);
    case "list":
      return say(ATTORNEY, "list");
  }
};

/** The task number in an acknowledged assign ("Assigned T-12 to …"), else undefined. */
export const acknowledgedTask = (body: string): number | undefined => {
  const m = /Assigned T-(\d+) to /.exec(body);
  return m ? Number(m[1]) : undefined;
};
