-- TRUNCATE skips row triggers: refuse it too, so the trail cannot be wiped in one statement.
CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();
