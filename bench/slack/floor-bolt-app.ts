/**
 * The floor anchor: the bare Bolt app of bare-bolt-app.ts (same @slack/bolt, HTTPReceiver,
 * signing and authorize shortcut) whose /delegate handler does by hand, with postgres.js, the
 * least SQL each measured command needs on Delegate's real schema — what a command costs when
 * it costs only its SQL. Run as its own process: PORT, SLACK_SIGNING_SECRET and DATABASE_URL
 * from the environment; GET /readyz answers 200 once it listens.
 *
 * - every command: the speaker (workspace → firm, chat identity → person), one query;
 * - `list all`: the first page (21 rows) of the firm's tasks with matter, assignee, supervisor
 *   and approver names, the rows Delegate's `list all` reads;
 * - `show T-n`: the task with its names, then its history rows (audit events, reviews, time
 *   entries, questions, submissions) pipelined together;
 * - `assign`: one transaction, on a reserved connection as Delegate's — task counter, assignee and
 *   matter look-ups (together), the task, the audit event (the hash-chain trigger runs) and the
 *   outbox row.
 * The reply is a short text ack; nothing is delivered from the outbox.
 */
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import postgres from "postgres";
import { serveBolt } from "./serve-bolt.js";

const port = Number(process.env.PORT ?? 0);
const signingSecret = process.env.SLACK_SIGNING_SECRET ?? "";
const botToken = process.env.SLACK_BOT_TOKEN ?? "xoxb-floor";
const databaseUrl = process.env.DATABASE_URL ?? "";
// Delegate's pool size (db/client.ts), so both stand on the same number of connections. Types
// are fetched (postgres.js's default): `reserve()` never hands out a fresh connection without it.
const sql = postgres(databaseUrl, { max: 10, onnotice: () => {} });

/**
 * A transaction on a reserved connection, as Delegate takes its own (db/transaction-guard.ts):
 * under load postgres.js 3.4.9's `sql.begin` can send BEGIN on a connection it has not reserved
 * (porsager/postgres#823) and rejects with UNSAFE_TRANSACTION, which cost the floor a request at
 * 1,400 a second. A floor that loses a transaction to a driver fault Delegate avoids would stop
 * at that fault, not at what its SQL costs.
 */
const inTransaction = async <T>(work: (tx: postgres.ReservedSql) => Promise<T>): Promise<T> => {
  const tx = await sql.reserve();
  try {
    await tx`begin`;
    const result = await work(tx);
    await tx`commit`;
    return result;
  } catch (e) {
    await tx`rollback`.catch(() => undefined);
    throw e;
  } finally {
    tx.release();
  }
};

interface Speaker {
  firm_id: string;
  ack_within_minutes: number;
  person_id: string | null;
  role: string | null;
  display_name: string | null;
}

const speaker = async (team: string, user: string): Promise<Speaker | undefined> => {
  const rows = await sql<Speaker[]>`
    select f.id as firm_id, f.ack_within_minutes, p.id as person_id, p.role, p.display_name
    from workspaces w join firms f on f.id = w.firm_id
    left join chat_identities ci on ci.platform = w.platform and ci.workspace_external_id = w.external_id
      and ci.user_id = ${user}
    left join people p on p.id = ci.person_id and p.firm_id = f.id
    where w.platform = 'slack' and w.external_id = ${team} limit 1`;
  return rows[0];
};

const listAll = async (firmId: string): Promise<string> => {
  const rows = await sql<
    { number: number; title: string; status: string; matter: string; assignee: string }[]
  >`
    select t.number, t.title, t.status, t.due_at, m.number as matter, a.display_name as assignee,
      s.display_name as supervisor, ap.display_name as approver
    from tasks t join matters m on m.id = t.matter_id
    join people a on a.id = t.assignee_id join people s on s.id = t.supervisor_id
    left join people ap on ap.id = t.approved_by
    where t.firm_id = ${firmId}
    order by t.due_at, t.number limit 21`;
  return rows.map((r) => `T-${r.number} · ${r.matter} · ${r.title} · ${r.status} · ${r.assignee}`).join("\n");
};

const show = async (firmId: string, number: number): Promise<string> => {
  const [task] = await sql<{ id: string; number: number; title: string; status: string; matter: string }[]>`
    select t.*, m.number as matter, a.display_name as assignee, s.display_name as supervisor,
      ap.display_name as approver
    from tasks t join matters m on m.id = t.matter_id
    join people a on a.id = t.assignee_id join people s on s.id = t.supervisor_id
    left join people ap on ap.id = t.approved_by
    where t.firm_id = ${firmId} and t.number = ${number} limit 1`;
  if (!task) return `No task T-${number}.`;
  const [events, reviews, time, questions, submissions] = await Promise.all([
    sql`select e.*, a.display_name as actor, s.display_name as subject from audit_events e
        left join people a on a.id = e.actor_id left join people s on s.id = e.subject_id
        where e.task_id = ${task.id} order by e.id`,
    sql`select r.*, a.display_name as actor from reviews r join people a on a.id = r.reviewer_id
        where r.task_id = ${task.id}`,
    sql`select te.*, a.display_name as actor from time_entries te join people a on a.id = te.person_id
        where te.task_id = ${task.id}`,
    sql`select q.*, a.display_name as actor from task_questions q join people a on a.id = q.asked_by
        where q.task_id = ${task.id}`,
    sql`select s.*, a.display_name as actor from submissions s join people a on a.id = s.submitted_by
        where s.task_id = ${task.id}`,
  ]);
  const history = events.length + reviews.length + time.length + questions.length + submissions.length;
  return `T-${task.number} · ${task.title}\nMatter: ${task.matter}\nStatus: ${task.status}\nHistory: ${history} entries`;
};

const ASSIGN =
  /^assign <@([A-Z0-9]+)(?:\|[^>]*)?> "([^"]+)" matter:(\S+) due:"([0-9-]+) ([0-9:]+)" est:(\d+)h type:(\w+)$/;

const assign = async (who: Speaker, text: string): Promise<string> => {
  const m = ASSIGN.exec(text);
  if (!m) return 'Usage: assign @user "title" matter:M due:"YYYY-MM-DD HH:MM" est:Nh type:x';
  const [, user, title, matterNumber, day, time, est, category] = m;
  const dueAt = new Date(`${day}T${time}:00-05:00`);
  const now = new Date();
  const ackAlertAt = new Date(now.getTime() + (who.ack_within_minutes || 240) * 60_000);
  return inTransaction(async (tx) => {
    const [[counter], [assignee], [matter]] = await Promise.all([
      tx<{ n: number }[]>`update firms set last_task_number = last_task_number + 1
        where id = ${who.firm_id} returning last_task_number as n`,
      tx<{ id: string; display_name: string }[]>`
        select p.id, p.display_name from chat_identities ci join people p on p.id = ci.person_id
        where ci.platform = 'slack' and ci.user_id = ${user ?? ""} and p.firm_id = ${who.firm_id} limit 1`,
      tx<{ id: string; number: string }[]>`
        select id, number from matters where firm_id = ${who.firm_id} and number = ${matterNumber ?? ""} limit 1`,
    ]);
    if (!counter || !assignee || !matter) throw new Error("unknown person or matter");
    const [task] = await tx<{ id: string; number: number }[]>`
      insert into tasks (firm_id, number, matter_id, category, title, assignee_id, supervisor_id, due_at,
        est_minutes, ack_alert_at, created_at, updated_at)
      values (${who.firm_id}, ${counter.n}, ${matter.id}, ${category ?? "other"}, ${title ?? ""}, ${assignee.id},
        ${who.person_id}, ${dueAt}, ${Number(est) * 60}, ${ackAlertAt}, ${now}, ${now})
      returning id, number`;
    if (!task) throw new Error("no task");
    const detail = { status: "assigned", version: 1, dueAt: dueAt.toISOString(), category };
    const payload = {
      title: `T-${task.number} · ${title}`,
      lines: [`${who.display_name} assigned you T-${task.number}.`],
    };
    await Promise.all([
      tx`insert into audit_events (firm_id, at, actor_id, action, task_id, matter_id, subject_id, detail)
         values (${who.firm_id}, ${now}, ${who.person_id}, 'task.assigned', ${task.id}, ${matter.id},
           ${assignee.id}, ${tx.json(detail)})`,
      tx`insert into outbox (firm_id, person_id, task_id, kind, payload, dedupe_key, next_attempt_at, created_at)
         values (${who.firm_id}, ${assignee.id}, ${task.id}, 'task.assigned', ${tx.json(payload)},
           ${`task:${task.id}:v1:assigned`}, 'infinity', ${now})
         on conflict (dedupe_key) do nothing`,
    ]);
    return `Assigned T-${task.number} to ${assignee.display_name} on ${matter.number}.`;
  });
};

const receiver = new HTTPReceiver({ signingSecret, endpoints: "/slack/events", logLevel: LogLevel.ERROR });
const app = new App({
  receiver,
  authorize: async () => ({ botToken }),
  logLevel: LogLevel.ERROR,
  ignoreSelf: false,
  convoStore: false,
});
app.command("/delegate", async ({ ack, command }) => {
  try {
    const who = await speaker(command.team_id, command.user_id);
    if (!who?.person_id) return await ack({ response_type: "ephemeral", text: "Who are you?" });
    const text = command.text.trim();
    const shown = /^show T-(\d+)$/.exec(text);
    const reply =
      text === "list all"
        ? await listAll(who.firm_id)
        : shown
          ? await show(who.firm_id, Number(shown[1]))
          : await assign(who, text);
    await ack({ response_type: "ephemeral", text: reply });
  } catch (e) {
    // The bench counts ":x:" replies as errors, as it does for Delegate's.
    await ack({ response_type: "ephemeral", text: `:x: ${e instanceof Error ? e.message : String(e)}` });
  }
});

serveBolt(receiver, port, () => sql.end({ timeout: 2 }));
