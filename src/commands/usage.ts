import { FIRM_SETUP_USAGE } from "./usage-firm-setup.js";

/**
 * Usage line, one-line summary and option explanations of every command word. One table serves
 * `help`, `help <command>`, the usage appended to errors, and the Slack/Teams manifests' hints.
 */
export interface CommandUsage {
  usage: string;
  summary: string;
  /** Who may use it, for `help`. */
  who: "anyone" | "admin" | "attorney" | "professional" | "assignee" | "supervisor";
  /** What each option or argument means, in a sentence with an example (`help <command>`). */
  options?: Readonly<Record<string, string>>;
}

export const USAGE = {
  help: {
    usage: "help [command]",
    summary: "List the commands, or explain one.",
    who: "anyone",
    options: { command: "A command to explain with its options: help assign." },
  },
  ...FIRM_SETUP_USAGE,
  assign: {
    usage:
      'assign @user "title" matter:M-2024-118 due:"fri 5pm" [est:3h] [type:document_review] [notes:"…"] | assign @user "title" matter:M-2024-118 court-deadline:2026-12-28 [review:2d] …',
    summary: "Delegate a task; you supervise it.",
    who: "attorney",
    options: {
      "@user": "The professional who does it; they need an NDA in force: assign @maria.",
      title: 'What to do, in quotes: "Review the exhibits".',
      "matter:": "The matter it is for: matter:M-2024-118.",
      "due:": 'When it is due, in your time: due:"fri 5pm", due:tomorrow, due:eod.',
      "court-deadline:":
        "Instead of due:, the court's deadline; the task is due at the end of the working day before your review time: court-deadline:2026-12-28.",
      "review:": "With court-deadline:, the court days kept for your review (default 1): review:2d.",
      "est:": "The attorney time this saves you, which the weekly figures count: est:3h.",
      "type:":
        "intake, document_review, legal_research, drafting, scheduling, filing, case_management or other: type:document_review.",
      "notes:": 'Instructions for the professional: notes:"Privilege calls per the protocol".',
    },
  },
  list: {
    usage: "list [mine|review|overdue|all]",
    summary: "List tasks: yours, waiting for review, overdue, or all you may see.",
    who: "anyone",
    options: {
      mine: "The default: your open tasks (an attorney's: those you supervise): list.",
      review: "Submitted work waiting for your review: list review.",
      overdue: "Open tasks past their due time: list overdue.",
      all: "Every task you may see, open or not, 20 to a page: list all page:2.",
    },
  },
  show: {
    usage: "show T-42",
    summary: "Show a task and its whole history.",
    who: "anyone",
    options: { "T-42": "The task's number, from list or a notification: show T-42." },
  },
  ack: {
    usage: "ack T-42",
    summary: "Tell your supervisor you have seen an assignment (start, ask and log do too).",
    who: "assignee",
    options: { "T-42": "The task you have: ack T-42." },
  },
  start: {
    usage: "start T-42",
    summary: "Start work on a task assigned to you.",
    who: "assignee",
    options: { "T-42": "The task you start, or resume after changes were asked for: start T-42." },
  },
  ask: {
    usage: 'ask T-42 "question or blocker"',
    summary: "Ask the other side of a task a question, by direct message.",
    who: "anyone",
    options: {
      question:
        "In quotes; the assignee's goes to the supervising attorney, the attorney's to the assignee: ask T-42 \"Which custodians?\"",
    },
  },
  log: {
    usage: 'log T-42 1.5h ["what was done"]',
    summary: "Record time you worked on a task, until it is approved (also on one reassigned away from you).",
    who: "professional",
    options: {
      time: "The time worked, in hours or minutes: log T-42 1.5h, or log T-42 90m.",
      note: 'What was done, in quotes, for your supervisor: log T-42 2h "first 300 documents".',
    },
  },
  submit: {
    usage: 'submit T-42 ["link or notes"] [spent:2.5h]',
    summary: "Submit your work for review.",
    who: "assignee",
    options: {
      notes:
        'Where the work is, or what your supervisor should know, in quotes: submit T-42 "https://dms.example/memo".',
      "spent:": "Time worked since you last logged it: spent:2.5h.",
    },
  },
  approve: {
    usage: 'approve T-42 ["comment"] [review:45m]',
    summary: "Approve a submission you supervise.",
    who: "supervisor",
    options: {
      comment: 'A word for the professional, in quotes: approve T-42 "Good work".',
      "review:": "Your time reviewing it, taken off the hours it saved: review:45m.",
    },
  },
  changes: {
    usage:
      'changes T-42 "what to fix" [reason:citation|missed_issue|formatting|privilege|incomplete|other] [review:30m]',
    summary: "Send a submission back with what to fix.",
    who: "supervisor",
    options: {
      "what to fix": 'In quotes, sent to the professional: changes T-42 "Cite the 2024 amendment".',
      "reason:": "What kind of problem, for the quality figures: reason:privilege.",
      "review:": "Your time reviewing it: review:30m.",
    },
  },
  reassign: {
    usage: "reassign T-42 @user",
    summary: "Give a task to someone else.",
    who: "supervisor",
    options: {
      "@user":
        "The new assignee, with an NDA in force; the one before loses the matter if it leaves them no work there: reassign T-42 @dev.",
    },
  },
  due: {
    usage: 'due T-42 "mon 9am"',
    summary: "Change a task's due time.",
    who: "supervisor",
    options: {
      when: 'The new due time, in your time, as for assign: due T-42 "mon 9am", or due T-42 eod.',
    },
  },
  cancel: {
    usage: 'cancel T-42 ["reason"]',
    summary: "Cancel a task.",
    who: "supervisor",
    options: { reason: 'Why, in quotes, told to the assignee: cancel T-42 "Client settled".' },
  },
  hours: {
    usage: "hours [this|last|2026-W48]",
    summary: "Attorney hours recovered in a week, with value, cost, billed and value less cost.",
    who: "attorney",
    options: {
      week: "this (the default), last, or an ISO week, with figures as frozen when each task was approved: hours 2026-W48.",
    },
  },
  quality: {
    usage: 'quality [@user | provider:"Acme LPO"] [since:2026-10-01]',
    summary: "First-pass rate, rework, on-time and turnaround, per person or provider.",
    who: "attorney",
    options: {
      "@user": "A professional's approved work, or the work an attorney supervised: quality @maria.",
      "provider:": 'The work of one outsourcing provider\'s professionals: provider:"Acme LPO".',
      "since:": "From this day on (default: the last 90 days): since:2026-10-01.",
    },
  },
  export: {
    usage: "export hours|billing|ledes [this|last|2026-W48|2026-12]",
    summary: "A file of approved work for accounting or e-billing, sent to you privately.",
    who: "admin",
    options: {
      hours:
        "Hours saved, review time, hours recovered and their value, one CSV row per approved task: export hours.",
      billing: "Time by person, cost, billed and markup, one CSV row per approved task: export billing last.",
      ledes:
        "A LEDES 1998B invoice file with UTBMS task and activity codes, one invoice per matter: export ledes 2026-12.",
      period: "this, last (the default), a week or a month: export hours 2026-W48.",
    },
  },
  packet: {
    usage: "packet @user [since:2026-11-01] [until:2026-11-30] | packet M-2024-118",
    summary: "A PDF of what a professional, or everyone on a matter, accessed and produced.",
    who: "admin",
    options: {
      "@user": "One professional's access, reads, work and reviews: packet @maria.",
      "since:": "From this day on, in the firm's calendar: since:2026-11-01.",
      "until:": "Up to and including this day: until:2026-11-30.",
      matter: "Everyone who worked on one matter, and its restrictions and consent: packet M-2024-118.",
    },
  },
  audit: {
    usage: "audit T-42 | audit @user [since:2026-11-01] [page:2] | audit verify",
    summary: "The latest audit events of a task or a person, a page at a time.",
    who: "attorney",
    options: {
      "T-42": "Everything recorded about one task: audit T-42.",
      "@user":
        "What a person did and what was done about them; attorneys read their own and that of professionals whose work they supervise: audit @maria.",
      "since:": "Only events from this day on: since:2026-11-01.",
      "page:": "Older events, 50 to a page counting back from the latest: page:2.",
    },
  },
  "audit verify": {
    usage: "audit verify",
    summary: "Check that no audit event was changed, removed or slipped in.",
    who: "admin",
    options: { "(none)": "It takes no options; it names the first event that does not match: audit verify." },
  },
  "digest here": {
    usage: "digest here",
    summary: "Post the weekly digest in this channel.",
    who: "admin",
    options: { "(none)": "Say it in the channel that should get the digest, every Monday: digest here." },
  },
  outbox: {
    usage: "outbox",
    summary: "Notifications that could not be delivered.",
    who: "admin",
    options: { "(none)": "It takes no options; it counts what waits and lists what failed: outbox." },
  },
  link: {
    usage: "link | link CODE",
    summary: "Get a code to connect another workspace, or use one here.",
    who: "admin",
    options: {
      CODE: "The code link gave you, said in the other Slack workspace or Teams tenant within 15 minutes: link ABCD-1234.",
    },
  },
} as const satisfies Record<string, CommandUsage>;

export type UsageKey = keyof typeof USAGE;

export const usageOf = (key: UsageKey): string => USAGE[key].usage;
