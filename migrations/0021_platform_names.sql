ALTER TABLE "channels" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "chat_identities" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "inbound_events" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "installations" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "link_attempts" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "pending_conversation_refs" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "workspaces" ALTER COLUMN "platform" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_platform_name" CHECK ("channels"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
ALTER TABLE "chat_identities" ADD CONSTRAINT "chat_identities_platform_name" CHECK ("chat_identities"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
ALTER TABLE "inbound_events" ADD CONSTRAINT "inbound_events_platform_name" CHECK ("inbound_events"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
ALTER TABLE "installations" ADD CONSTRAINT "installations_platform_name" CHECK ("installations"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
ALTER TABLE "link_attempts" ADD CONSTRAINT "link_attempts_platform_name" CHECK ("link_attempts"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
ALTER TABLE "pending_conversation_refs" ADD CONSTRAINT "pending_conversation_refs_platform_name" CHECK ("pending_conversation_refs"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_platform_name" CHECK ("workspaces"."platform" ~ '^[a-z][a-z0-9-]{0,31}$');--> statement-breakpoint
DROP TYPE "public"."platform";