CREATE TABLE "pending_conversation_refs" (
	"platform" "platform" NOT NULL,
	"workspace_external_id" text NOT NULL,
	"user_id" text NOT NULL,
	"conversation_ref" jsonb NOT NULL,
	"seen_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pending_conversation_refs_platform_workspace_external_id_user_id_pk" PRIMARY KEY("platform","workspace_external_id","user_id")
);
