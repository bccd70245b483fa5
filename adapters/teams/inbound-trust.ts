import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";
import { isLoopback } from "./http-body.js";

/**
 * What an activity must be for Delegate to act on it, beyond a valid token (docs/security.md,
 * "Teams"). Web Chat and Direct Line clients write `channelId`, `channelData`, `from` and
 * `serviceUrl` themselves; only Teams vouches for its tenant and user ids, and a bot replies and
 * later notifies at the activity's `serviceUrl`, so a made-up one would receive task text.
 */
export interface TeamsTrust {
  /** Emulator mode: no tokens, loopback only. */
  emulator: boolean;
  /** Tenant ids (lower case) allowed; undefined: any tenant. */
  tenants?: readonly string[] | undefined;
  /** Tests: one loopback service URL trusted besides Teams' own (never in production). */
  testServiceUrl?: string | undefined;
}

/** Why an authenticated activity is still refused: fixed words, safe to log. */
export type Refusal =
  | "channel not msteams"
  | "service URL not Teams'"
  | "service URL not loopback"
  | "no tenant"
  | "tenant ids disagree"
  | "tenant not allowed";

/** A refused activity (answered 403; the log gets `reason`, never the activity's text). */
export class Forbidden extends Error {
  constructor(readonly reason: Refusal) {
    super("forbidden");
    this.name = "Forbidden";
  }
}

/**
 * The hosts of Teams' Bot Connector, where Teams tells bots to answer (`activity.serviceUrl`):
 * the public cloud's traffic manager with its regional paths (`/teams/`, `/amer/…`, `/emea/…`,
 * `/apac/…`), and the US government clouds. Source: the Microsoft 365 Agents SDK's
 * `TeamsServiceEndpoints` and Microsoft Learn's proactive messaging pages; see docs/security.md.
 */
export const TEAMS_SERVICE_HOSTS: readonly string[] = [
  "smba.trafficmanager.net",
  "smba.infra.gcc.teams.microsoft.com",
  "smba.infra.gov.teams.microsoft.us",
  "smba.infra.dod.teams.microsoft.us",
];

const parseUrl = (text: string): URL | undefined => {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
};

/** A URL on this machine: http(s), loopback host, no credentials. */
export const isLoopbackUrl = (text: string): boolean => {
  const url = parseUrl(text);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) return false;
  if (url.username !== "" || url.password !== "") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // An address, not a name that starts like one (127.0.0.1.evil.example).
  return host === "localhost" || (isIP(host) !== 0 && isLoopback(host));
};

/** One of Teams' own service URLs: https, a Teams host, the default port, no credentials. */
export const isTeamsServiceUrl = (text: string): boolean => {
  const url = parseUrl(text);
  return (
    url !== undefined &&
    url.protocol === "https:" &&
    url.port === "" &&
    url.username === "" &&
    url.password === "" &&
    TEAMS_SERVICE_HOSTS.includes(url.hostname.toLowerCase())
  );
};

const sameOrigin = (a: string, b: string): boolean => {
  const x = parseUrl(a);
  const y = parseUrl(b);
  return x !== undefined && y !== undefined && x.origin === y.origin;
};

/** Is a service URL one replies and notifications may go to? */
export const trustedServiceUrl = (trust: TeamsTrust, serviceUrl: string): Refusal | undefined => {
  if (trust.emulator) return isLoopbackUrl(serviceUrl) ? undefined : "service URL not loopback";
  if (isTeamsServiceUrl(serviceUrl)) return undefined;
  if (trust.testServiceUrl && sameOrigin(serviceUrl, trust.testServiceUrl)) return undefined;
  return "service URL not Teams'";
};

interface ActivityFacts {
  channelId?: unknown;
  serviceUrl?: unknown;
  channelData?: unknown;
  conversation?: unknown;
}

const tenantIdsOf = (activity: ActivityFacts): string[] => {
  const ids: string[] = [];
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  if (typeof fromChannelData === "string") ids.push(fromChannelData.toLowerCase());
  const fromConversation = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof fromConversation === "string") ids.push(fromConversation.toLowerCase());
  return ids;
};

/**
 * Throws `Forbidden` unless the activity is one this bot serves: from Teams (or, in emulator
 * mode, the Emulator), answering to a trusted service URL, from an allowed tenant.
 */
export const checkActivity = (trust: TeamsTrust, activity: ActivityFacts): void => {
  const channels = trust.emulator ? ["msteams", "emulator"] : ["msteams"];
  if (typeof activity.channelId !== "string" || !channels.includes(activity.channelId)) {
    throw new Forbidden("channel not msteams");
  }
  const refusal =
    typeof activity.serviceUrl === "string"
      ? trustedServiceUrl(trust, activity.serviceUrl)
      : trust.emulator
        ? "service URL not loopback"
        : "service URL not Teams'";
  if (refusal) throw new Forbidden(refusal);
  const tenants = tenantIdsOf(activity);
  if (new Set(tenants).size > 1) throw new Forbidden("tenant ids disagree");
  const tenant = tenants[0];
  // Teams names the tenant on every activity; only the Emulator sends none.
  if (tenant === undefined && !trust.emulator) throw new Forbidden("no tenant");
  if (trust.tenants && (tenant === undefined || !trust.tenants.includes(tenant))) {
    throw new Forbidden("tenant not allowed");
  }
};

/**
 * Headers a reverse proxy or tunnel adds. In emulator mode every peer must be this machine
 * itself: a proxy on this machine is a loopback peer relaying someone else.
 */
export const forwardingHeaderOf = (headers: IncomingHttpHeaders): string | undefined =>
  Object.keys(headers).find(
    (name) =>
      name === "forwarded" ||
      name === "via" ||
      name === "x-real-ip" ||
      name === "true-client-ip" ||
      name === "cf-connecting-ip" ||
      name.startsWith("x-forwarded-"),
  );
