ALTER TYPE "public"."outbox_status" ADD VALUE 'dropped';--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "task_id" uuid;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "dropped_reason" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;