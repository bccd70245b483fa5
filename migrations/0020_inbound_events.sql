CREATE TABLE "inbound_events" (
	"platform" "platform" NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbound_events_platform_event_id_pk" PRIMARY KEY("platform","event_id")
);
--> statement-breakpoint
CREATE INDEX "inbound_events_received_idx" ON "inbound_events" USING btree ("received_at");