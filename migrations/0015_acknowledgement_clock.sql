ALTER TABLE "tasks" ADD COLUMN "ack_alert_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "ack_admins_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "tasks_ack_alert_idx" ON "tasks" USING btree ("ack_alert_at") WHERE "tasks"."acknowledged_at" is null;--> statement-breakpoint
CREATE INDEX "tasks_ack_admins_idx" ON "tasks" USING btree ("ack_admins_at") WHERE "tasks"."acknowledged_at" is null;