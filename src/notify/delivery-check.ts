import { type SQL, sql } from "drizzle-orm";
import { outbox } from "../../db/schema.js";
import type { DropReason } from "../domain/vocabulary.js";

/**
 * Whether a queued notification may still go to its recipient, decided at delivery (access can
 * end between the change that queued it and its sending: a deactivation, an NDA that lapsed at
 * midnight, a reassignment, `matter unstaff`). Evaluated inside the claim query, so it costs no
 * round trip per message. The same rules as src/domain/access.ts and policy.maySeeTask:
 *
 * - an inactive recipient gets nothing;
 * - a message that carries task text (outbox.task_id set) goes to an admin; to an attorney who
 *   supervises the task, holds it, or covers its supervisor right now; to a professional only
 *   while their NDA is in force (the firm's calendar day), they hold the task and they are
 *   staffed on its matter.
 *
 * Null: deliver. Otherwise the reason it is dropped (DROP_REASONS).
 */
export const dropReason = (now: Date): SQL<DropReason | null> => {
  const at = sql`${now.toISOString()}::timestamptz`;
  const today = sql`((${at} at time zone f.tz)::date)`;
  return sql<DropReason | null>`(select case
      when not p.active then 'inactive'
      when t.id is null or p.role = 'admin' then null
      when p.role = 'professional' then case
        when p.nda_signed is null or p.nda_signed > ${today} or p.nda_expires < ${today} then 'nda'
        when t.assignee_id <> p.id then 'not_assignee'
        when not exists (select 1 from matter_staff ms where ms.matter_id = t.matter_id
          and ms.person_id = p.id and ms.removed_at is null) then 'not_staffed'
        end
      when t.supervisor_id = p.id or t.assignee_id = p.id then null
      when exists (select 1 from cover_periods cp where cp.person_id = t.supervisor_id and cp.cover_id = p.id
        and cp.starts_at <= ${at} and cp.ends_at > ${at} and (cp.ended_at is null or cp.ended_at > ${at})) then null
      else 'not_supervising'
    end
    from people p
    join firms f on f.id = p.firm_id
    left join tasks t on t.id = ${outbox.taskId}
    where p.id = ${outbox.personId})`;
};
