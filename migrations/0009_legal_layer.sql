CREATE TYPE "public"."bill_mode" AS ENUM('rate', 'cost', 'none');--> statement-breakpoint
CREATE TABLE "cover_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"firm_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"cover_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "firm_holidays" (
	"firm_id" uuid NOT NULL,
	"day" date NOT NULL,
	"name" text,
	"added_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "firm_holidays_firm_id_day_pk" PRIMARY KEY("firm_id","day")
);
--> statement-breakpoint
CREATE TABLE "task_questions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"firm_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"asked_by" uuid NOT NULL,
	"asked_to" uuid,
	"text" text NOT NULL,
	"asked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "time_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"firm_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"note" text,
	"round" integer NOT NULL,
	"logged_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "matter_staff" DROP CONSTRAINT "matter_staff_matter_id_person_id_pk";--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "currency" text DEFAULT 'USD' NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "markup_limit" numeric(6, 2);--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "require_consent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "ack_within_minutes" integer DEFAULT 240 NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "holiday_calendar" text DEFAULT 'us-federal' NOT NULL;--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "lawyer_only_phrases" text[];--> statement-breakpoint
ALTER TABLE "firms" ADD COLUMN "utbms_codes" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "matter_staff" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "matter_staff" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "matter_staff" ADD COLUMN "removed_by" uuid;--> statement-breakpoint
ALTER TABLE "matter_staff" ADD COLUMN "removed_reason" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "allowed_delivery" "delivery_model"[];--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "consent_on" date;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "consent_ref" text;--> statement-breakpoint
ALTER TABLE "matters" ADD COLUMN "bill_mode" "bill_mode" DEFAULT 'rate' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "bill_rate" numeric(10, 2);--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "review_minutes" integer;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "covered_for" uuid;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "court_deadline" date;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "review_buffer_days" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "committed_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "acknowledged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cover_periods" ADD CONSTRAINT "cover_periods_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cover_periods" ADD CONSTRAINT "cover_periods_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cover_periods" ADD CONSTRAINT "cover_periods_cover_id_people_id_fk" FOREIGN KEY ("cover_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cover_periods" ADD CONSTRAINT "cover_periods_created_by_people_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firm_holidays" ADD CONSTRAINT "firm_holidays_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firm_holidays" ADD CONSTRAINT "firm_holidays_added_by_people_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_questions" ADD CONSTRAINT "task_questions_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_questions" ADD CONSTRAINT "task_questions_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_questions" ADD CONSTRAINT "task_questions_asked_by_people_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_questions" ADD CONSTRAINT "task_questions_asked_to_people_id_fk" FOREIGN KEY ("asked_to") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_entries" ADD CONSTRAINT "time_entries_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cover_periods_person_idx" ON "cover_periods" USING btree ("firm_id","person_id","ends_at");--> statement-breakpoint
CREATE INDEX "task_questions_task_idx" ON "task_questions" USING btree ("task_id","id");--> statement-breakpoint
CREATE INDEX "time_entries_task_idx" ON "time_entries" USING btree ("task_id","id");--> statement-breakpoint
CREATE INDEX "time_entries_person_idx" ON "time_entries" USING btree ("firm_id","person_id","logged_at");--> statement-breakpoint
ALTER TABLE "matter_staff" ADD CONSTRAINT "matter_staff_removed_by_people_id_fk" FOREIGN KEY ("removed_by") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_covered_for_people_id_fk" FOREIGN KEY ("covered_for") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "matter_staff_current_uq" ON "matter_staff" USING btree ("matter_id","person_id") WHERE "matter_staff"."removed_at" is null;