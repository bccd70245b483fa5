CREATE TABLE "approved_figures" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"firm_id" uuid NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"matter_id" uuid NOT NULL,
	"category" "task_category" NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"assignee_id" uuid NOT NULL,
	"assignee_provider" text,
	"assigned_at" timestamp with time zone NOT NULL,
	"saved_minutes" integer NOT NULL,
	"review_minutes" integer NOT NULL,
	"value_rate" numeric(10, 2) NOT NULL,
	"value_rate_is_firm_default" boolean NOT NULL,
	"bill_mode" "bill_mode" NOT NULL,
	"currency" text NOT NULL,
	"committed_due_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"on_time" boolean NOT NULL,
	"rounds" integer NOT NULL,
	"rework_reasons" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"utbms_task" text NOT NULL,
	"utbms_activity" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approved_time" (
	"task_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" "role" NOT NULL,
	"provider" text,
	"minutes" integer NOT NULL,
	"cost_rate" numeric(10, 2),
	"bill_rate" numeric(10, 2),
	CONSTRAINT "approved_time_task_id_person_id_pk" PRIMARY KEY("task_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "attorney_week_hours" (
	"firm_id" uuid NOT NULL,
	"week_start" timestamp with time zone NOT NULL,
	"minutes" integer NOT NULL,
	"attorneys" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "attorney_week_hours_firm_id_week_start_pk" PRIMARY KEY("firm_id","week_start")
);
--> statement-breakpoint
ALTER TABLE "approved_figures" ADD CONSTRAINT "approved_figures_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_figures" ADD CONSTRAINT "approved_figures_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_figures" ADD CONSTRAINT "approved_figures_matter_id_matters_id_fk" FOREIGN KEY ("matter_id") REFERENCES "public"."matters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_figures" ADD CONSTRAINT "approved_figures_supervisor_id_people_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_figures" ADD CONSTRAINT "approved_figures_assignee_id_people_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_time" ADD CONSTRAINT "approved_time_task_id_approved_figures_task_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."approved_figures"("task_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approved_time" ADD CONSTRAINT "approved_time_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attorney_week_hours" ADD CONSTRAINT "attorney_week_hours_firm_id_firms_id_fk" FOREIGN KEY ("firm_id") REFERENCES "public"."firms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "approved_figures_firm_idx" ON "approved_figures" USING btree ("firm_id","approved_at");