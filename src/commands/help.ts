import type { View } from "../views/view.js";
import { type CommandUsage, USAGE, type UsageKey } from "./usage.js";

/** The help list, grouped the way people think about the work; every USAGE key appears once. */
export const HELP_GROUPS: readonly { title: string; keys: readonly UsageKey[] }[] = [
  { title: "Your work", keys: ["list", "show", "start", "submit"] },
  { title: "Supervise", keys: ["assign", "approve", "changes", "reassign", "due", "cancel"] },
  { title: "Reports", keys: ["hours", "audit", "digest here"] },
  {
    title: "Firm setup",
    keys: [
      "setup",
      "firm set",
      "team add",
      "team set",
      "team list",
      "matter add",
      "matter staff",
      "link",
      "outbox",
    ],
  },
  { title: "Help", keys: ["help"] },
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
      "Type help and a command for details, e.g. help assign.",
      ...HELP_GROUPS.map((g) => [g.title, ...g.keys.map((k) => `${k} — ${USAGE[k].summary}`)].join("\n")),
    ],
    audience: "private",
  };
}

function commandView(keys: readonly UsageKey[], title: string): View {
  return {
    tone: "info",
    title: `Help: ${title}`,
    lines: keys.map((k) => {
      const u = USAGE[k];
      return `${u.usage}\n${u.summary} For ${WHO[u.who]}.`;
    }),
    audience: "private",
  };
}
