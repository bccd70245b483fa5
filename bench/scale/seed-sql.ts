import type postgres from "postgres";
import type { Shape } from "./shape.js";

/**
 * Bulk seed by INSERT … SELECT generate_series: a million rows in well under a minute,
 * where the API would take hours. Ids follow bench_uuid(kind, a, b) (see shape.ts).
 */
const FUNCTIONS = `
create or replace function bench_uuid(kind int, a int, b int) returns uuid language sql immutable as $$
  select (lpad(to_hex(kind), 8, '0') || '-0000-4000-8000-' || lpad(to_hex(a), 6, '0') || lpad(to_hex(b), 6, '0'))::uuid
$$;
create or replace function bench_category(g int) returns task_category language sql immutable as $$
  select (array['intake','document_review','legal_research','drafting','scheduling','filing','case_management','other'])[1 + g % 8]::task_category
$$;
`;

const ZONES = "array['America/New_York','America/Chicago','America/Los_Angeles','Europe/London']";

const firmsSql = (s: Shape) => `
insert into firms (id, name, tz, default_rate, alert_offsets)
select bench_uuid(1, f, 0), 'Bench Firm ' || f, (${ZONES})[1 + f % 4], 250 + (f % 5) * 50, '{1440,120}'
from generate_series(1, ${s.firms}) f`;

/** Every (firm f, person k) pair, with the firm's attorney count a. */
const everyPerson = (s: Shape) => `
from generate_series(1, ${s.firms}) f
cross join lateral (select case when f = 1 then ${s.largeAttorneys} else ${s.attorneys} end as a,
                           case when f = 1 then ${s.largeProfessionals} else ${s.professionals} end as p) c
cross join lateral generate_series(0, c.a + c.p) k`;

/** Per firm: person 0 the admin, then attorneys, then professionals with an NDA on file. */
const peopleSql = (s: Shape) => `
insert into people (id, firm_id, display_name, email, role, tz, delivery, provider, nda_signed, nda_expires, rate, cost_rate)
select bench_uuid(2, f, k), bench_uuid(1, f, 0), 'Person ' || f || '-' || k, 'p' || f || '-' || k || '@bench.test',
  (case when k = 0 then 'admin' when k <= a then 'attorney' else 'professional' end)::role,
  case when k <= a then 'America/New_York' else 'Asia/Manila' end,
  (case when k > a then 'offshore' end)::delivery_model,
  case when k > a then 'Bench LPO' end,
  case when k > a then (now() - interval '200 days')::date end,
  case when k > a then (now() + interval '400 days')::date end,
  case when k between 1 and a then 300 + (k % 4) * 50 end,
  case when k > a then 20 + (k % 3) * 5 end
${everyPerson(s)}`;

const mattersSql = (s: Shape) => `
insert into matters (id, firm_id, number, title, client, area)
select bench_uuid(3, f, k), bench_uuid(1, f, 0), 'M-2026-' || k, 'Bench matter ' || k, 'Client ' || k, 'litigation'
from generate_series(1, ${s.firms}) f
cross join generate_series(1, case when f = 1 then ${s.largeMatters} else ${s.matters} end) k`;

/** Every firm answers from a Slack workspace and a Teams tenant; every person has both identities. */
const chatSql = (s: Shape) => [
  `insert into workspaces (firm_id, platform, external_id)
   select bench_uuid(1, f, 0), 'slack', 'TB' || f from generate_series(1, ${s.firms}) f
   union all
   select bench_uuid(1, f, 0), 'teams', bench_uuid(9, f, 0)::text from generate_series(1, ${s.firms}) f`,
  `insert into chat_identities (person_id, platform, workspace_external_id, user_id, user_name)
   select bench_uuid(2, f, k), 'slack', 'TB' || f, 'UB' || f || 'X' || k, 'person' || f || '-' || k ${everyPerson(s)}
   union all
   select bench_uuid(2, f, k), 'teams', bench_uuid(9, f, 0)::text, '29:bench-' || f || '-' || k, 'person' || f || '-' || k
   ${everyPerson(s)}`,
];

/**
 * One task row from (firm f, number n, a mixing value g, whether it is open, the status if
 * closed). Open tasks are due from 7 days ago to 53 days ahead (the large firm: ±60 days, so
 * about half its 50,000 open tasks are overdue); closed ones were approved over the last year.
 */
const taskColumns = (a: string, p: string, m: string, openSpreadDays: number, openPastDays: number) => `
  bench_uuid(4, f, n), bench_uuid(1, f, 0), n, bench_uuid(3, f, 1 + g % ${m}), bench_category(g), 'Bench task ' || n,
  bench_uuid(2, f, ${a} + 1 + g % ${p}), bench_uuid(2, f, 1 + g % ${a}),
  case when st in ('approved','cancelled') then ap + interval '1 day'
       else now() + (((g::bigint * 7919) % (${openSpreadDays} * 1440)) - ${openPastDays} * 1440) * interval '1 minute' end,
  case when g % 3 = 0 then null else 60 + g % 240 end,
  case when st = 'approved' then 30 + g % 300 when st in ('submitted','changes_requested') then 15 + g % 120 else 0 end,
  st::task_status, case when st = 'approved' then 3 when st = 'assigned' then 1 else 2 end,
  case when st in ('approved','submitted','changes_requested') then 1 else 0 end,
  case when st = 'approved' then ap end,
  case when st = 'approved' then bench_uuid(2, f, 1 + g % ${a}) end,
  -- Open tasks were last touched a day ago: stamped with the seeding instant, the alert tick would
  -- re-plan all of them as just changed for its first 30 s (CHANGE_SLACK_MS) and time that instead.
  coalesce(ap, now()) - interval '3 days', coalesce(ap, now() - interval '1 day')`;

const INSERT_TASKS = `insert into tasks (id, firm_id, number, matter_id, category, title, assignee_id, supervisor_id,
  due_at, est_minutes, spent_minutes, status, version, round, approved_at, approved_by, created_at, updated_at)`;

const OPEN = "(array['assigned','in_progress','submitted','changes_requested'])[1 + (g / 7) % 4]";

const largeFirmTasksSql = (s: Shape) => `${INSERT_TASKS}
select ${taskColumns(String(s.largeAttorneys), String(s.largeProfessionals), String(s.largeMatters), 120, 60)}
from generate_series(1, ${s.largeTasks}) n
cross join lateral (select 1 as f, (n::bigint * 2654435761 % 1000003)::int as g) x
cross join lateral (select case when n <= ${s.largeOpen} then ${OPEN}
                                when g % 10 = 0 then 'cancelled' else 'approved' end as st) y
cross join lateral (select case when y.st = 'approved' or y.st = 'cancelled'
                                then now() - ((g::bigint * 7919) % (365 * 1440)) * interval '1 minute' end as ap) z`;

/** The other firms share the rest: 80% approved, 5% cancelled, 15% open. */
const otherFirmsTasksSql = (s: Shape) => {
  const others = s.firms - 1;
  return `${INSERT_TASKS}
select ${taskColumns(String(s.attorneys), String(s.professionals), String(s.matters), 60, 7)}
from generate_series(0, ${s.totalTasks - s.largeTasks - 1}) i
cross join lateral (select 2 + i % ${others} as f, 1 + i / ${others} as n, (i::bigint * 2654435761 % 1000003)::int as g) x
cross join lateral (select case when g % 100 < 15 then ${OPEN} when g % 100 < 20 then 'cancelled' else 'approved' end as st) y
cross join lateral (select case when y.st = 'approved' or y.st = 'cancelled'
                                then now() - ((g::bigint * 7919) % (365 * 1440)) * interval '1 minute' end as ap) z`;
};

/** Every submitted round has its submission; the large firm also has its review decisions. */
const historySql = [
  `insert into submissions (task_id, round, submitted_by, spent_minutes, submitted_at)
   select id, 1, assignee_id, spent_minutes,
     case when status = 'approved' then approved_at - (number % 48) * interval '1 hour'
          when status = 'submitted' then now() - (number % 96) * interval '1 hour'
          else now() - (24 + number % 96) * interval '1 hour' end
   from tasks where round >= 1`,
  `insert into reviews (task_id, round, reviewer_id, decision, reason, decided_at)
   select id, 1, supervisor_id,
     (case when status = 'approved' then 'approved' else 'changes_requested' end)::review_decision,
     (case when status = 'changes_requested'
           then (array['citation','missed_issue','formatting','privilege','incomplete','other'])[1 + number % 6] end)::defect_reason,
     coalesce(approved_at, now() - (number % 100) * interval '1 hour')
   from tasks where firm_id = bench_uuid(1, 1, 0) and status in ('approved', 'changes_requested')`,
];

/**
 * Steady state: the alerts due before the bench starts were sent by earlier ticks. Without
 * this the first tick would claim some 20,000 alerts at once — a burst only a week-long
 * outage produces — and the bench would time that instead of the tick that runs every 5 minutes.
 */
const sentAlertsSql = `
insert into alert_ledger (task_id, kind, due_at, sent_at)
select t.id, k, t.due_at, now() from tasks t
cross join unnest(array['due_soon_1440','due_soon_120','overdue','overdue_admins']) k
where t.status in ('assigned','in_progress','submitted','changes_requested')
  and t.due_at between now() - interval '7 days 1 hour' and now() + interval '1 day 1 hour'
union all
select s.task_id, 'review_waiting', s.submitted_at, now()
from submissions s join tasks t on t.id = s.task_id and t.round = s.round
where t.status = 'submitted' and s.submitted_at > now() - interval '31 days'`;

export interface SeedTimings {
  step: string;
  ms: number;
}

/**
 * The tasks table's secondary indexes, as the migrations made them. Building an index once
 * after the load is several times faster than updating six of them row by row, so the seed
 * drops them and recreates them from these very definitions: the plans measured are the app's.
 */
const secondaryIndexes = async (tx: postgres.TransactionSql): Promise<{ name: string; def: string }[]> =>
  tx<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = 'public' and i.tablename = 'tasks'
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;

/** Seed the whole world in one transaction on one connection; returns how long each step took. */
export const seed = async (sql: postgres.Sql, s: Shape): Promise<SeedTimings[]> => {
  const timings: SeedTimings[] = [];
  const steps: [string, string][] = [
    ["functions", FUNCTIONS],
    ["firms", firmsSql(s)],
    ["people", peopleSql(s)],
    ["matters", mattersSql(s)],
    ...chatSql(s).map((q, i): [string, string] => [`chat identities ${i + 1}`, q]),
    ["tasks (large firm)", largeFirmTasksSql(s)],
    ["tasks (other firms)", otherFirmsTasksSql(s)],
    ["submissions", historySql[0] ?? ""],
    ["reviews (large firm)", historySql[1] ?? ""],
    ["alerts already sent", sentAlertsSql],
    [
      "staffing and numbering",
      `insert into matter_staff (matter_id, person_id)
       select distinct matter_id, assignee_id from tasks;
       update firms f set last_task_number = m.n from (select firm_id, max(number) n from tasks group by firm_id) m
       where m.firm_id = f.id`,
    ],
  ];
  await sql.begin(async (tx) => {
    // Bulk load: foreign keys are correct by construction, so skip their per-row triggers.
    await tx.unsafe("set local session_replication_role = replica");
    await tx.unsafe("set local maintenance_work_mem = '512MB'");
    const indexes = await secondaryIndexes(tx);
    for (const ix of indexes) await tx.unsafe(`drop index "${ix.name}"`);
    for (const [step, text] of steps) {
      const t = performance.now();
      await tx.unsafe(text);
      timings.push({ step, ms: Math.round(performance.now() - t) });
    }
    const t = performance.now();
    for (const ix of indexes) await tx.unsafe(ix.def);
    timings.push({ step: `recreate ${indexes.length} task indexes`, ms: Math.round(performance.now() - t) });
  });
  const t = performance.now();
  await sql.unsafe("vacuum analyze");
  // The seed's pages written out now: left to PostgreSQL, the checkpoints its WAL sets off run for
  // minutes into the measurements, and a step that meets one is slower for either app.
  await sql.unsafe("checkpoint");
  timings.push({ step: "vacuum analyze, checkpoint", ms: Math.round(performance.now() - t) });
  return timings;
};
