-- Tamper-evident audit trail: every audit event joins its firm's hash chain. The design (columns,
-- canonical form, how to check it by hand) is in docs/operations.md, "Audit trail";
-- src/services/audit-chain.ts recomputes the same form independently for `audit verify`.

-- An event's hash: SHA-256 (hex) of the UTF-8 text of a JSON array of its fields, in this order,
-- the previous event's hash last. jsonb prints canonically (sorted keys), so the same facts always
-- give the same text. Nothing newer than PostgreSQL 11 (sha256) is used.
CREATE FUNCTION audit_event_hash(e public.audit_events) RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    'delegate-audit-v1',
    e.firm_id,
    e.seq,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    to_char(e.chained_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.actor_id,
    e.action,
    e.task_id,
    e.matter_id,
    e.subject_id,
    e.detail,
    e.prev_hash
  )::text, 'UTF8')), 'hex')
$$;
--> statement-breakpoint
-- Sets seq, prev_hash, chained_at and hash on every new event, whatever the insert said. The head
-- row is locked from here to COMMIT, so two transactions writing events for one firm queue up and
-- form one chain; a rolled-back event leaves no gap. One new version of the head per event: a
-- transaction writing many thousands of events for one firm slows down (each lookup walks the
-- versions it made), which no command does. SECURITY DEFINER: it runs as the owner, so the runtime
-- role needs no right to write the head (docs/operations.md, "Database roles").
CREATE FUNCTION audit_events_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  head_seq bigint;
  head_hash text;
BEGIN
  SELECT seq, hash INTO head_seq, head_hash FROM public.audit_chain_heads
    WHERE firm_id = NEW.firm_id FOR UPDATE;
  IF NOT FOUND THEN
    -- The firm's first event; a concurrent first event waits here, then finds the head.
    INSERT INTO public.audit_chain_heads (firm_id, seq, hash) VALUES (NEW.firm_id, 0, repeat('0', 64))
      ON CONFLICT (firm_id) DO NOTHING;
    SELECT seq, hash INTO head_seq, head_hash FROM public.audit_chain_heads
      WHERE firm_id = NEW.firm_id FOR UPDATE;
  END IF;
  NEW.seq := head_seq + 1;
  NEW.prev_hash := head_hash;
  NEW.chained_at := clock_timestamp();
  NEW.hash := public.audit_event_hash(NEW);
  UPDATE public.audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE firm_id = NEW.firm_id;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
-- Events recorded before the chain existed are chained in the order they were written (by id),
-- per firm; their chained_at is the time of this migration.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only;
--> statement-breakpoint
DO $$
DECLARE
  e public.audit_events;
  firm uuid;
  n bigint;
  previous text;
BEGIN
  FOR e IN SELECT * FROM public.audit_events ORDER BY firm_id, id LOOP
    IF firm IS DISTINCT FROM e.firm_id THEN
      IF firm IS NOT NULL THEN
        INSERT INTO public.audit_chain_heads (firm_id, seq, hash) VALUES (firm, n, previous);
      END IF;
      firm := e.firm_id;
      n := 0;
      previous := repeat('0', 64);
    END IF;
    n := n + 1;
    e.seq := n;
    e.prev_hash := previous;
    e.hash := public.audit_event_hash(e);
    UPDATE public.audit_events SET seq = e.seq, prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
    previous := e.hash;
  END LOOP;
  IF firm IS NOT NULL THEN
    INSERT INTO public.audit_chain_heads (firm_id, seq, hash) VALUES (firm, n, previous);
  END IF;
END;
$$;
--> statement-breakpoint
ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only;
--> statement-breakpoint
CREATE TRIGGER audit_events_chain
  BEFORE INSERT ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_chain();
--> statement-breakpoint
-- The head is written only from inside the chain trigger (trigger depth 2 here): a stray UPDATE,
-- DELETE or TRUNCATE by the app itself would fork or stall every firm's chain.
CREATE FUNCTION audit_chain_heads_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    RAISE EXCEPTION 'audit_chain_heads is written only by the audit chain: % refused', TG_OP;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_guard
  BEFORE INSERT OR UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_guard();
--> statement-breakpoint
CREATE TRIGGER audit_chain_heads_no_truncate
  BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_heads_guard();
