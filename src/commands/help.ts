import type { View } from "../views/view.js";
import { type CommandUsage, USAGE, type UsageKey } from "./usage.js";

/** The help list, grouped the way people think about the work; every USAGE key appears once. */
export const HELP_GROUPS: readonly { title: string; keys: readonly UsageKey[] }[] = [
  { title: "Your work", keys: ["list", "show", "ack", "start", "ask", "log", "submit"] },
  { title: "Supervise", keys: ["assign", "approve", "changes", "reassign", "due", "cancel", "away"] },
  {
    title: "Reports",
    keys: ["hours", "quality", "export", "packet", "audit", "audit verify", "digest here"],
  },
  {
    title: "Matters",
    keys: ["matter add", "matter set", "matter staff", "matter unstaff", "matter list", "matter show"],
  },
  {
    title: "Firm setup",
    keys: [
      "setup",
      "firm set",
      "holiday add",
      "holiday remove",
      "holiday list",
      "team add",
      "team set",
      "team list",
      "link",
      "outbox",
    ],
  },
  { title: "Help", keys: ["help"] },
];

/** Where each kind of user starts, shown first by `help`: the first commands of each role. */
export const START_HERE = [
  'Admins start here: setup firm:"Smith & Lee LLP" tz:America/New_York rate:300 (once), then team add @name role:attorney and matter add M-1 "Title"; audit verify and packet @name for periodic reviews.',
  'Attorneys start here: assign @name "what to do" matter:M-1 due:"fri 5pm"; then list review, and approve T-1 or changes T-1 "what to fix" when work is submitted.',
  'Professionals start here: list shows your work; then show T-1, ack T-1, start T-1, ask T-1 "question", log T-1 1.5h and submit T-1.',
  "Not on the team yet? Ask an admin of your firm to add you.",
];

const WHO: Record<CommandUsage["who"], string> = {
  anyone: "anyone in the firm",
  admin: "admins",
  attorney: "attorneys and admins",
  professional: "professionals",
  assignee: "the professional the task is assigned to",
  supervisor: "the supervising attorney, or an admin",
};

const isKey = (s: string): s is UsageKey => Object.hasOwn(USAGE, s);

/** `help` (every command, grouped) or `help <command>` (its usage). Always private. */
export function helpView(topic?: string): View {
  const wanted = (topic ?? "")
    .toLowerCase()
    .replace(/^\/delegate\b/, "")
    .replace(/\s+/g, " ")
    .trim();
  if (wanted === "") return overview();

  if (isKey(wanted)) return commandView([wanted], wanted);
  // "help team" shows team add, team set and team list.
  const family = Object.keys(USAGE).filter((k): k is UsageKey => isKey(k) && k.startsWith(`${wanted} `));
  if (family.length > 0) return commandView(family, wanted);

  return {
    tone: "error",
    title: "Help",
    lines: [`There is no command "${wanted.slice(0, 40)}". Type help to see all commands.`],
    usage: USAGE.help.usage,
    audience: "private",
  };
}

function overview(): View {
  return {
    tone: "info",
    title: "Delegate commands",
    lines: [
      ...START_HERE,
      "Type help and a command for its options, e.g. help assign.",
      ...HELP_GROUPS.map((g) => [g.title, ...g.keys.map((k) => `${k} — ${USAGE[k].summary}`)].join("\n")),
    ],
    audience: "private",
  };
}

function commandView(keys: readonly UsageKey[], title: string): View {
  const [only, ...others] = keys;
  const options: Readonly<Record<string, string>> | undefined =
    only !== undefined && others.length === 0 ? optionsOf(only) : undefined;
  return {
    tone: "info",
    title: `Help: ${title}`,
    lines: keys.map((k) => {
      const u = USAGE[k];
      return `${u.usage}\n${u.summary} For ${WHO[u.who]}.`;
    }),
    // "matter" rather than "matter:": every renderer puts its own colon after a label.
    ...(options
      ? { fields: Object.entries(options).map(([key, value]) => ({ label: key.replace(/:$/, ""), value })) }
      : {}),
    audience: "private",
  };
}

function optionsOf(key: UsageKey): Readonly<Record<string, string>> | undefined {
  const u: CommandUsage = USAGE[key];
  return u.options;
}
