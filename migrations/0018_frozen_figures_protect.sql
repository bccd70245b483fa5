-- Frozen figures are what past digests and exports showed: the app adds them at approval and never
-- rewrites them (docs/figures.md).
CREATE OR REPLACE FUNCTION frozen_figures_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is frozen at approval: % refused', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER approved_figures_frozen
  BEFORE UPDATE OR DELETE ON approved_figures
  FOR EACH ROW EXECUTE FUNCTION frozen_figures_refuse_change();
--> statement-breakpoint
CREATE TRIGGER approved_time_frozen
  BEFORE UPDATE OR DELETE ON approved_time
  FOR EACH ROW EXECUTE FUNCTION frozen_figures_refuse_change();
--> statement-breakpoint
-- Tasks approved before this release: frozen now, from what is on file (the closest record there is).
-- The built-in estimates and UTBMS codes are those of src/domain/recovered-hours.ts and src/domain/utbms.ts.
INSERT INTO approved_figures (
  task_id, firm_id, approved_at, matter_id, category, supervisor_id, assignee_id, assignee_provider,
  assigned_at, saved_minutes, review_minutes, value_rate, value_rate_is_firm_default, bill_mode, currency,
  committed_due_at, submitted_at, on_time, rounds, rework_reasons, utbms_task, utbms_activity
)
SELECT
  t.id, t.firm_id, t.approved_at, t.matter_id, t.category, t.supervisor_id, t.assignee_id, a.provider,
  t.created_at,
  coalesce(t.est_minutes, (f.estimate_defaults ->> t.category::text)::int,
    CASE t.category::text WHEN 'document_review' THEN 180 WHEN 'legal_research' THEN 240
      WHEN 'drafting' THEN 180 WHEN 'scheduling' THEN 30 ELSE 60 END),
  coalesce((SELECT sum(r.review_minutes) FROM reviews r WHERE r.task_id = t.id), 0)::int,
  coalesce(s.rate, f.default_rate), s.rate IS NULL, m.bill_mode, f.currency,
  coalesce(t.committed_due_at, t.due_at),
  coalesce(sub.submitted_at, t.approved_at),
  coalesce(sub.submitted_at, t.approved_at) <= coalesce(t.committed_due_at, t.due_at),
  greatest(t.round, 1),
  coalesce((SELECT jsonb_object_agg(x.reason, x.n) FROM (
    SELECT coalesce(r.reason::text, 'other') AS reason, count(*) AS n FROM reviews r
     WHERE r.task_id = t.id AND r.decision = 'changes_requested' GROUP BY 1) x), '{}'::jsonb),
  coalesce(f.utbms_codes ->> t.category::text,
    CASE t.category::text WHEN 'intake' THEN 'L110' WHEN 'document_review' THEN 'L320'
      WHEN 'legal_research' THEN 'L120' WHEN 'drafting' THEN 'L250' WHEN 'filing' THEN 'L440'
      WHEN 'case_management' THEN 'L140' ELSE 'L190' END),
  CASE t.category::text WHEN 'intake' THEN 'A106' WHEN 'document_review' THEN 'A104'
    WHEN 'legal_research' THEN 'A102' WHEN 'drafting' THEN 'A103' WHEN 'case_management' THEN 'A110'
    ELSE 'A111' END
FROM tasks t
JOIN firms f ON f.id = t.firm_id
JOIN matters m ON m.id = t.matter_id
JOIN people s ON s.id = t.supervisor_id
JOIN people a ON a.id = t.assignee_id
LEFT JOIN submissions sub ON sub.task_id = t.id AND sub.round = t.round
WHERE t.status = 'approved' AND t.approved_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM approved_figures af WHERE af.task_id = t.id);
--> statement-breakpoint
INSERT INTO approved_time (task_id, person_id, role, provider, minutes, cost_rate, bill_rate)
SELECT e.task_id, e.person_id, p.role, p.provider, sum(e.minutes)::int, p.cost_rate, p.bill_rate
FROM time_entries e
JOIN approved_figures af ON af.task_id = e.task_id
JOIN people p ON p.id = e.person_id
WHERE NOT EXISTS (SELECT 1 FROM approved_time x WHERE x.task_id = e.task_id)
GROUP BY e.task_id, e.person_id, p.role, p.provider, p.cost_rate, p.bill_rate;
