-- Unique once the chain trigger's migration has numbered every existing event (they all start at 0).
CREATE UNIQUE INDEX "audit_firm_seq_uq" ON "audit_events" USING btree ("firm_id","seq");