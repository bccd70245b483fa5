import { DateTime } from "luxon";
import type { Core } from "../../src/core.js";
import { consoleDirectory, consoleSpeaker } from "./console-session.js";
import type { SettableClock } from "./settable-clock.js";

const FIRM = "Smith & Lee LLP";
const ZONE = "America/New_York";

export interface DemoResult {
  /** False when the console workspace already had a firm: nothing was changed. */
  created: boolean;
  /** What to print: who is who, the tasks, commands to try (and any step that failed). */
  lines: string[];
}

/**
 * The day `n` working days (Monday to Friday) after `day`, or before it for a negative `n`: the
 * demo's due dates fall on days people work, whatever day the demo is loaded.
 */
export const workdaysFrom = (day: DateTime, n: number): DateTime => {
  let d = day;
  for (let left = Math.abs(n); left > 0; ) {
    d = d.plus({ days: Math.sign(n) });
    if (d.weekday <= 5) left -= 1;
  }
  return d;
};

/** One typed command, said by one console user. */
interface Step {
  as: string;
  text: string;
}

/**
 * Builds a sample firm through the core, as its people would type it, so the demo also exercises
 * the rules (roles, NDA gate, staffing, the status machine). Runs only on a console workspace bound
 * to no firm. Notifications the steps cause stay queued; the caller decides what to do with them.
 */
export const loadDemo = async (core: Core, clock: SettableClock): Promise<DemoResult> => {
  const failures: string[] = [];
  const say = async ({ as, text }: Step): Promise<boolean> => {
    const view = await core.handle({ speaker: consoleSpeaker(as), text, directory: consoleDirectory });
    if (view.tone === "error") failures.push(`Demo step failed (as ${as}: ${text}): ${view.lines[0] ?? ""}`);
    return view.tone !== "error";
  };

  const setup = await core.handle({
    speaker: consoleSpeaker("alice"),
    text: `setup firm:"${FIRM}" tz:${ZONE} rate:300`,
  });
  if (setup.tone !== "success") {
    return {
      created: false,
      lines: ["The console already has a firm, so the demo firm was not loaded again. Carrying on with it."],
    };
  }

  const saved = clock.pinned();
  const today = DateTime.fromJSDate(clock.now(), { zone: ZONE }).startOf("day");
  const day = (offset: number): string => today.plus({ days: offset }).toISODate() ?? "";
  const due = (workdays: number, time = "17:00"): string =>
    `due:"${workdaysFrom(today, workdays).toISODate()} ${time}"`;
  const nda = `nda:${day(-120)} nda-expires:${day(245)}`;

  const steps: Step[] = [
    { as: "alice", text: "team add @bob role:attorney rate:350" },
    { as: "alice", text: "team add @carol role:attorney rate:325" },
    {
      as: "alice",
      text: `team add @maria role:professional tz:Asia/Manila hours:09:00-18:00 days:mon-fri delivery:offshore provider:"Acme LPO" ${nda} cost:25`,
    },
    {
      as: "alice",
      text: `team add @dev role:professional tz:America/Bogota hours:08:00-17:00 delivery:nearshore provider:"Andes Legal" ${nda} cost:30`,
    },
    { as: "alice", text: "team add @sam role:professional tz:America/Chicago delivery:onshore cost:45" },
    { as: "alice", text: 'matter add M-2024-118 "Smith v. Jones" client:"Smith" area:litigation' },
    {
      as: "alice",
      text: 'matter add M-2025-007 "Acme acquisition of Birch Ltd" client:"Acme Corp" area:corporate',
    },
    { as: "alice", text: 'matter add M-2025-031 "Estate of Rivera" client:"Rivera family" area:probate' },
    { as: "alice", text: "matter staff M-2024-118 @maria" },
    // T-1 stays assigned.
    {
      as: "bob",
      text: `assign @maria "Review deposition exhibits for privilege" matter:M-2024-118 ${due(3)} est:3h type:document_review notes:"Flag anything marked attorney-client."`,
    },
    // T-2 in progress.
    {
      as: "bob",
      text: `assign @maria "Research spoliation sanctions in the 2nd Circuit" matter:M-2024-118 ${due(5)} est:4h type:legal_research`,
    },
    { as: "maria", text: "start T-2" },
    // T-3 submitted, waiting for bob's review.
    {
      as: "bob",
      text: `assign @maria "Draft the disclosure schedule" matter:M-2025-007 ${due(2)} est:5h type:drafting`,
    },
    { as: "maria", text: "start T-3" },
    { as: "maria", text: 'submit T-3 "Draft in the deal folder, v1" spent:2.5h' },
    // T-4 sent back by carol.
    {
      as: "carol",
      text: `assign @dev "Intake memo for the new Rivera heirs" matter:M-2025-031 ${due(4)} est:1h type:intake`,
    },
    { as: "dev", text: "start T-4" },
    { as: "dev", text: "submit T-4 spent:1h" },
    { as: "carol", text: 'changes T-4 "Add the conflict check results" reason:incomplete' },
    // T-5 approved.
    {
      as: "bob",
      text: `assign @dev "Prepare the exhibit index for filing" matter:M-2024-118 ${due(1)} est:2h type:filing`,
    },
    { as: "dev", text: "start T-5" },
    { as: "dev", text: "submit T-5 spent:1.5h" },
    { as: "bob", text: 'approve T-5 "Thanks, filed as is."' },
    // T-6 cancelled.
    {
      as: "alice",
      text: `assign @maria "Summarize the Birch board minutes" matter:M-2025-007 ${due(6)} type:case_management`,
    },
    { as: "alice", text: 'cancel T-6 "Client sent its own summary"' },
  ];
  for (const step of steps) await say(step);

  // T-7: assigned four working days ago, due two working days ago, still in progress: overdue now.
  clock.set(workdaysFrom(today, -4).set({ hour: 10 }).toJSDate());
  await say({
    as: "bob",
    text: `assign @dev "Calendar the probate hearing deadlines" matter:M-2025-031 ${due(-2)} est:1h type:scheduling`,
  });
  await say({ as: "dev", text: "start T-7" });
  clock.set(saved);

  return {
    created: true,
    lines: [
      `Demo firm "${FIRM}" (${ZONE}, default rate 300/h) is ready. Who is who:`,
      "  alice  managing partner, admin",
      "  bob    attorney, 350/h",
      "  carol  attorney, 325/h",
      "  maria  offshore paralegal (Acme LPO, Manila, 09:00-18:00), NDA on file",
      "  dev    nearshore paralegal (Andes Legal, Bogotá), NDA on file",
      "  sam    onshore contract paralegal, no NDA yet: work cannot be assigned to him",
      "Tasks: T-1 assigned · T-2 in progress · T-3 submitted (bob reviews) · T-4 changes requested ·",
      "       T-5 approved · T-6 cancelled · T-7 overdue",
      "Try:",
      "  as maria   then  list · show T-1 · start T-1",
      '  as bob     then  list review · approve T-3 "Looks good"',
      '  as bob     then  assign @sam "Cite-check the brief" matter:M-2024-118 due:"fri 5pm"',
      "  as alice   then  list overdue · hours · audit T-3",
      ...failures,
    ],
  };
};
