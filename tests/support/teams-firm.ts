import { expect } from "vitest";
import type { FakeBotConnector } from "./fake-bot-connector.js";
import {
  type Card,
  cardOf,
  cardText,
  type TeamsClient,
  type TeamsUser,
  teamsClient,
  teamsUser,
} from "./teams-traffic.js";

let tenantCounter = 0;

export interface TeamsFirm {
  client: TeamsClient;
  alice: TeamsUser;
  bob: TeamsUser;
  maria: TeamsUser;
  /** The last card the bot posted in this user's personal chat. */
  lastCard(user: TeamsUser): Card;
  /** The text of that card. */
  lastReply(user: TeamsUser): string;
  /** Says a command in the personal chat and returns the text of the card that answered it. */
  command(user: TeamsUser, text: string, options?: Parameters<TeamsClient["say"]>[2]): Promise<string>;
  /** bob assigns maria a task on M-1 (due by default 4 December 2026, 17:00); the card that answered bob. */
  assignMaria(title: string, due?: string): Promise<string>;
}

/**
 * A firm set up from Teams in a fresh tenant, as its people would: alice (admin) sets it up,
 * adds bob (attorney) and maria (professional with an NDA; Teams sends no aadObjectId for her)
 * by @mention, opens matter M-1. Everyone has said something to the bot, so their personal
 * chats are known.
 */
export const teamsFirm = async (endpoint: string, connector: FakeBotConnector): Promise<TeamsFirm> => {
  const tag = `${process.pid}x${++tenantCounter}`;
  const tenant = `a1b2c3d4-e5f6-7890-abcd-${String(tenantCounter).padStart(12, "0")}`;
  const client = teamsClient(endpoint, connector, tenant);
  const alice = teamsUser(`Alice${tag}`, { email: `alice${tag}@smithlee.example` });
  const bob = teamsUser(`Bob${tag}`, { email: `bob${tag}@smithlee.example` });
  const maria = teamsUser(`Maria${tag}`, { aad: false, email: `maria${tag}@acme-lpo.example` });
  for (const u of [alice, bob, maria]) connector.addMember(u);

  const lastCard = (user: TeamsUser): Card =>
    cardOf(connector.posted(client.personalConversation(user)).at(-1));
  const lastReply = (user: TeamsUser): string => cardText(lastCard(user));
  const command: TeamsFirm["command"] = async (user, text, options) => {
    const before = connector.posted(client.personalConversation(user)).length;
    expect(await client.say(user, text, options)).toBe(200);
    expect(connector.posted(client.personalConversation(user)).length).toBeGreaterThan(before);
    return lastReply(user);
  };

  const assignMaria: TeamsFirm["assignMaria"] = (title, due = "2026-12-04 17:00") =>
    command(bob, `assign <at>${maria.name}</at> "${title}" matter:M-1 due:"${due}"`, { mentions: [maria] });

  expect(await command(alice, 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300')).toContain(
    "Smith & Lee LLP",
  );
  expect(
    await command(alice, `team add <at>${bob.name}</at> role:attorney rate:400`, { mentions: [bob] }),
  ).toContain("Added");
  expect(
    await command(
      alice,
      `team add <at>${maria.name}</at> role:professional tz:Asia/Manila nda:2026-01-15 nda-expires:2027-01-15 cost:25`,
      { mentions: [maria] },
    ),
  ).toContain("Added");
  expect(await command(alice, 'matter add M-1 "Smith v. Jones"')).toContain("M-1");
  await command(bob, "help");
  await command(maria, "help");
  return { client, alice, bob, maria, lastCard, lastReply, command, assignMaria };
};
