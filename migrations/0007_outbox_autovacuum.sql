-- The outbox is a queue: every row is inserted, claimed and marked, so it churns far faster than
-- PostgreSQL's default thresholds (20% of the table) notice. Stale statistics made the claim
-- query's planner hash all chat identities per claim (30+ ms instead of under 1 ms).
ALTER TABLE "outbox" SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01);
