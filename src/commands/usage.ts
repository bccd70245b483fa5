/**
 * Usage line and one-line summary of every command word. One table serves `help`,
 * the usage appended to every error, and the Slack/Teams manifests' command hints.
 */
export interface CommandUsage {
  usage: string;
  summary: string;
  /** Who may use it, for `help`. */
  who: "anyone" | "admin" | "attorney" | "professional" | "assignee" | "supervisor";
}

export const USAGE = {
  help: { usage: "help [command]", summary: "List the commands, or explain one.", who: "anyone" },
  setup: {
    usage: 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
    summary: "Create your firm from this workspace; you become its admin.",
    who: "anyone",
  },
  "firm set": {
    usage: 'firm set [firm:"…"] [tz:…] [rate:300] [alerts:24h,2h] [est.document_review:3h …]',
    summary: "Change the firm's name, zone, default rate, alert times or default estimates.",
    who: "admin",
  },
  "team add": {
    usage:
      'team add @user role:professional|attorney|admin [tz:Asia/Manila] [hours:09:00-18:00] [days:mon-fri] [delivery:offshore] [provider:"Acme LPO"] [nda:2026-01-15] [nda-expires:2027-01-15] [rate:300] [cost:25]',
    summary: "Add a person to the firm.",
    who: "admin",
  },
  "team set": {
    usage: "team set @user [any option of team add] [active:no]",
    summary: "Change a person's details, or deactivate them.",
    who: "admin",
  },
  "team list": { usage: "team list", summary: "List the firm's people.", who: "attorney" },
  "matter add": {
    usage: 'matter add M-2024-118 "Smith v. Jones" [client:"Smith"] [area:litigation]',
    summary: "Open a matter.",
    who: "admin",
  },
  "matter staff": {
    usage: "matter staff M-2024-118 @user",
    summary: "Staff a professional on a matter (need-to-know access).",
    who: "admin",
  },
  assign: {
    usage: 'assign @user "title" matter:M-2024-118 due:"fri 5pm" [est:3h] [type:document_review] [notes:"…"]',
    summary: "Delegate a task; you supervise it.",
    who: "attorney",
  },
  list: {
    usage: "list [mine|review|overdue|all]",
    summary: "List tasks: yours, waiting for your review, overdue, or all you may see.",
    who: "anyone",
  },
  show: { usage: "show T-42", summary: "Show a task.", who: "anyone" },
  start: { usage: "start T-42", summary: "Start work on a task assigned to you.", who: "assignee" },
  submit: {
    usage: 'submit T-42 ["link or notes"] [spent:2.5h]',
    summary: "Submit your work for review.",
    who: "assignee",
  },
  approve: {
    usage: 'approve T-42 ["comment"]',
    summary: "Approve a submission you supervise.",
    who: "supervisor",
  },
  changes: {
    usage: 'changes T-42 "what to fix" [reason:citation|missed_issue|formatting|privilege|incomplete|other]',
    summary: "Send a submission back with what to fix.",
    who: "supervisor",
  },
  reassign: { usage: "reassign T-42 @user", summary: "Give a task to someone else.", who: "supervisor" },
  due: { usage: 'due T-42 "mon 9am"', summary: "Change a task's due time.", who: "supervisor" },
  cancel: { usage: 'cancel T-42 ["reason"]', summary: "Cancel a task.", who: "supervisor" },
  hours: {
    usage: "hours [this|last|2026-W48]",
    summary: "Attorney hours recovered in a week, with value, cost and net.",
    who: "attorney",
  },
  audit: {
    usage: "audit T-42 | audit @user [since:2026-11-01] [page:2] | audit verify",
    summary: "The latest audit events of a task or a person, or check that the trail is intact.",
    who: "attorney",
  },
  "digest here": {
    usage: "digest here",
    summary: "Post the weekly digest in this channel.",
    who: "admin",
  },
  outbox: { usage: "outbox", summary: "Notifications that could not be delivered.", who: "admin" },
  link: {
    usage: "link | link CODE",
    summary: "Get a code to connect another workspace, or use one here.",
    who: "admin",
  },
} as const satisfies Record<string, CommandUsage>;

export type UsageKey = keyof typeof USAGE;

export const usageOf = (key: UsageKey): string => USAGE[key].usage;
