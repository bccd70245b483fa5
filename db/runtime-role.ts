import type postgres from "postgres";
import type { Database } from "./client.js";

/**
 * The role split (docs/operations.md, "Database roles"): migrations run as the owner of the tables
 * (MIGRATION_DATABASE_URL); the server runs as a role that owns nothing (DATABASE_URL). PostgreSQL
 * lets the owner of a table disable or drop its triggers, so only a role that owns nothing can be
 * kept from rewriting the audit trail.
 */

/**
 * The tables whose rows the runtime role may only add to (the audit trail, and the figures frozen
 * at approval that past digests and exports showed) or only read (the chain's head).
 */
const APPEND_ONLY = ["audit_events", "approved_figures", "approved_time"];
const READ_ONLY = "audit_chain_heads";
/** What protects them: refused changes, the hash chain, and the head's guard. */
const TRIGGERS = [
  "audit_events_append_only",
  "audit_events_no_truncate",
  "audit_events_chain",
  "audit_chain_heads_guard",
  "audit_chain_heads_no_truncate",
];
const FUNCTIONS = [
  "audit_events_refuse_change",
  "audit_event_hash",
  "audit_events_chain",
  "audit_chain_heads_guard",
];

/**
 * Run as the owner after migrating: gives `role` what the server needs, and nothing that could
 * change the audit trail. Grants are idempotent and re-run at every start, so tables added by later
 * migrations are covered.
 */
export const grantRuntimeRole = async (owner: postgres.Sql, role: string): Promise<void> => {
  const r = owner(role);
  await owner`grant usage on schema public, drizzle to ${r}`;
  await owner`grant select on drizzle.__drizzle_migrations to ${r}`;
  await owner`grant select, insert, update, delete on all tables in schema public to ${r}`;
  // USAGE allows nextval; setval would need UPDATE.
  await owner`grant usage, select on all sequences in schema public to ${r}`;
  await owner`revoke update, delete, truncate, references, trigger on ${owner(APPEND_ONLY)} from ${r}`;
  await owner`revoke insert, update, delete, truncate, references, trigger on ${owner(READ_ONLY)} from ${r}`;
};

export type AuditProtection = { protected: true } | { protected: false; reasons: string[] };

const list = (names: string[]): string => names.map((n) => `'${n}'`).join(",");

/**
 * Can the role this server runs as change the audit trail or what protects it? Each reason is a
 * fixed sentence (it goes into the start-up log).
 */
export const auditProtection = async (database: Database): Promise<AuditProtection> => {
  if (database.engine === "pglite") {
    return { protected: false, reasons: ["the embedded database (PGlite) has one all-powerful role"] };
  }
  const [row] = await database.query<Record<string, boolean | null>>(`
    select
      r.rolsuper as superuser,
      r.rolcreaterole as createrole,
      exists (select 1 from pg_class c where c.relnamespace = 'public'::regnamespace
        and c.relname in (${list([...APPEND_ONLY, READ_ONLY])}) and pg_has_role(current_user, c.relowner, 'MEMBER')) as owns_tables,
      exists (select 1 from pg_proc p where p.pronamespace = 'public'::regnamespace
        and p.proname in (${list(FUNCTIONS)}) and pg_has_role(current_user, p.proowner, 'MEMBER')) as owns_functions,
      exists (select 1 from pg_namespace n where n.nspname = 'public' and pg_has_role(current_user, n.nspowner, 'MEMBER')) as owns_schema,
      exists (select 1 from pg_database d where d.datname = current_database() and pg_has_role(current_user, d.datdba, 'MEMBER')) as owns_database,
      has_table_privilege('public.audit_events', 'UPDATE, DELETE, TRUNCATE, TRIGGER') as may_change_events,
      has_table_privilege('public.${READ_ONLY}', 'INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER') as may_change_head,
      (select count(*) from pg_trigger t where t.tgname in (${list(TRIGGERS)}) and t.tgenabled = 'O')
        < ${TRIGGERS.length} as triggers_off
    from pg_roles r where r.rolname = current_user`);
  const reasons = [
    row?.superuser && "the database role is a superuser",
    row?.createrole && "the database role can create roles (CREATEROLE) and so join the owner's",
    row?.owns_tables && "the database role owns the audit tables (it ran the migrations)",
    row?.owns_functions && "the database role owns the audit trigger functions",
    row?.owns_schema && "the database role owns the schema, and could drop it with everything in it",
    row?.owns_database && "the database role owns the database",
    row?.may_change_events && "the database role may update, delete or truncate audit events",
    row?.may_change_head && "the database role may write the audit chain's head",
    row?.triggers_off && "an audit trigger is missing or disabled",
  ].filter((r): r is string => typeof r === "string");
  return reasons.length === 0 ? { protected: true } : { protected: false, reasons };
};
