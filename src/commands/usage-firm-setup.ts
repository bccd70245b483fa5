import type { CommandUsage } from "./usage.js";

/*
 * The usage of the commands that set the firm up and keep it current: the firm and its holidays,
 * its people and their absences, its matters and who is staffed on them. Part of the one usage
 * table (usage.ts), in its order.
 */

const PERSON_OPTIONS = {
  "tz:": "Their time zone, as a city: tz:Asia/Manila. Due times they see are shown in it.",
  "hours:": "Their working hours, 24-hour clock; a night shift may cross midnight: hours:21:00-06:00.",
  "days:": "The days their shift starts on: days:mon-fri or days:sun-thu.",
  "delivery:": "Where a professional works from: delivery:onshore, nearshore or offshore.",
  "provider:": 'The outsourcing provider they work for: provider:"Acme LPO".',
  "nda:": "The day they signed the firm's NDA; no work or access before it: nda:2026-01-15.",
  "nda-expires:": "The day the NDA ends; access ends with it: nda-expires:2027-01-15.",
  "rate:": "An attorney's billing rate per hour, the value of an hour they recover: rate:300.",
  "cost:": "What an hour of a professional's work costs the firm: cost:25.",
  "bill:": "What the client is billed for an hour of a professional's work: bill:60.",
  "email:": "Their e-mail address; it links the same person on Slack and Teams: email:maria@acme.example.",
} as const;

export const FIRM_SETUP_USAGE = {
  setup: {
    usage: 'setup firm:"Smith & Lee LLP" tz:America/New_York rate:300',
    summary: "Create your firm from this workspace; you become its admin.",
    who: "anyone",
    options: {
      "firm:": 'The firm\'s name: firm:"Smith & Lee LLP".',
      "tz:": "The firm's time zone, which sets its weeks, court days and digest time: tz:America/New_York.",
      "rate:": "The default attorney billing rate per hour, for attorneys with none of their own: rate:300.",
    },
  },
  "firm set": {
    usage:
      'firm set [firm:"…"] [tz:…] [rate:300] [currency:USD] [alerts:24h,2h] [est.document_review:3h …] [ack-within:4h] [markup-limit:3] [require-consent:yes|no] [holidays:us-federal|none] [lawyer-only:"legal advice,advise the client,…"] [utbms.document_review:L320 …]',
    summary: "Change the firm's settings.",
    who: "admin",
    options: {
      "firm:": 'The firm\'s name: firm:"Smith & Lee LLP".',
      "tz:": "The firm's time zone: tz:America/Chicago. People keep their own zones.",
      "rate:": "The default attorney billing rate per hour: rate:300.",
      "currency:": "The currency of every amount, as an ISO code: currency:USD.",
      "alerts:": "When professionals are reminded before a due time: alerts:24h,2h (or alerts:none).",
      "est.<type>:":
        "The attorney time a task of that type saves when assign gives no est: — est.document_review:3h.",
      "ack-within:":
        "Working time of the assignee within which an assignment must be acknowledged, else the supervisor is told: ack-within:4h.",
      "markup-limit:":
        "The highest bill rate as a multiple of a professional's cost rate (ABA Formal Opinion 08-451): markup-limit:3.",
      "require-consent:":
        "With yes, professionals work only on matters whose client consented to outsourcing: require-consent:yes.",
      "holidays:": "Which public holidays are not court days: holidays:us-federal or holidays:none.",
      "lawyer-only:":
        'Phrases that mark work only a lawyer may do; such assignments are refused: lawyer-only:"legal advice,advise the client" (default restores the built-in list).',
      "utbms.<type>:":
        "The UTBMS task code a task type carries in LEDES exports: utbms.document_review:L320.",
    },
  },
  "holiday add": {
    usage: 'holiday add 2026-12-24 ["Christmas Eve"]',
    summary: "Mark a day the courts are closed, so court-day deadlines skip it.",
    who: "admin",
    options: {
      date: "The closed day: 2026-12-24. Due times already set stay as they are.",
      name: 'What the day is, shown by holiday list: "Courthouse closed".',
    },
  },
  "holiday remove": {
    usage: "holiday remove 2026-12-24",
    summary: "Remove a day added with holiday add.",
    who: "admin",
    options: { date: "The day to make a court day again: holiday remove 2026-12-24." },
  },
  "holiday list": {
    usage: "holiday list",
    summary: "List the days that are not court days.",
    who: "anyone",
    options: {
      "(none)": "It takes no options; it lists the firm's holidays and the public ones: holiday list.",
    },
  },
  "team add": {
    usage:
      'team add @user role:professional|attorney|admin [tz:Asia/Manila] [hours:09:00-18:00] [days:mon-fri] [delivery:offshore] [provider:"Acme LPO"] [nda:2026-01-15] [nda-expires:2027-01-15] [rate:300] [cost:25] [bill:60] [email:…]',
    summary: "Add a person to the firm.",
    who: "admin",
    options: {
      "role:":
        "admin (manages the firm), attorney (assigns and supervises) or professional (does delegated work): role:professional.",
      ...PERSON_OPTIONS,
    },
  },
  "team set": {
    usage: "team set @user [any option of team add] [active:no]",
    summary: "Change a person's details, or switch their access off.",
    who: "admin",
    options: {
      "role:": "A new role: role:attorney.",
      ...PERSON_OPTIONS,
      "active:":
        "Switches the person's access off at once and ends their access to matters, their history kept; active:yes lets them in again: active:no.",
    },
  },
  "team list": {
    usage: "team list",
    summary: "List the firm's people, with NDA dates.",
    who: "attorney",
    options: { "(none)": "It takes no options; team set @name changes a person: team list." },
  },
  away: {
    usage: "away @user until:2026-12-18 cover:@user | away @user off",
    summary: "Name who decides someone's tasks while they are away.",
    who: "anyone",
    options: {
      "until:": "The last day away, in their time; they are back the next morning: until:2026-12-18.",
      "cover:":
        "The attorney who decides their tasks (approve, changes, reassign, due, cancel) and gets their review notices meanwhile: cover:@kim.",
      off: "Ends the absence now: away @raj off.",
    },
  },
  "matter add": {
    usage: 'matter add M-2024-118 "Smith v. Jones" [client:"Smith"] [area:litigation]',
    summary: "Open a matter.",
    who: "admin",
    options: {
      number: "The firm's matter number, as your files spell it: M-2024-118.",
      title: 'The matter\'s name, in quotes: "Smith v. Jones".',
      "client:": 'The client, shown on the matter and in packets: client:"Smith".',
      "area:": "The practice area, one word: area:litigation.",
    },
  },
  "matter set": {
    usage:
      'matter set M-2024-118 [title:"…"] [client:"…"] [area:…] [delivery:onshore,nearshore|all] [consent:2026-11-20|none] [consent-ref:"engagement letter §7"] [bill:cost|rate|none]',
    summary: "Change a matter, its restrictions, consent or billing.",
    who: "admin",
    options: {
      "title:": 'A new name for the matter: title:"Smith v. Jones (appeal)".',
      "client:": 'The client: client:"Smith Holdings".',
      "area:": "The practice area: area:probate.",
      "delivery:":
        "Which professionals may work on it by where they work: delivery:onshore,nearshore, or all.",
      "consent:": "The day the client consented to outsourcing: consent:2026-11-20 (or none).",
      "consent-ref:": 'Where that consent is recorded: consent-ref:"engagement letter §7".',
      "bill:":
        "How professionals' time is billed to the client: bill:rate (their bill rate), bill:cost (at cost) or bill:none.",
    },
  },
  "matter staff": {
    usage: "matter staff M-2024-118 @user",
    summary: "Give a professional need-to-know access to a matter.",
    who: "admin",
    options: {
      "@user":
        "The professional to give access; assign does this by itself, within the matter's restrictions: matter staff M-1 @maria.",
    },
  },
  "matter unstaff": {
    usage: "matter unstaff M-2024-118 @user",
    summary: "End a professional's access to a matter.",
    who: "admin",
    options: {
      "@user":
        "The professional whose access ends now (the grant stays in the history): matter unstaff M-1 @maria.",
    },
  },
  "matter list": {
    usage: "matter list",
    summary: "List the matters you may see.",
    who: "anyone",
    options: {
      "(none)": "It takes no options; professionals see the matters they are staffed on: matter list.",
    },
  },
  "matter show": {
    usage: "matter show M-2024-118",
    summary: "A matter's staffing, restrictions, consent, billing and open tasks.",
    who: "anyone",
    options: { number: "The matter's number: matter show M-2024-118." },
  },
} as const satisfies Record<string, CommandUsage>;
