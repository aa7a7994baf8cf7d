CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session_allocations" DROP CONSTRAINT "session_allocations_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "session_responses" DROP CONSTRAINT "session_responses_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "session_votes" DROP CONSTRAINT "session_votes_user_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "campaign_records" ALTER COLUMN "fields" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_records" ALTER COLUMN "instruction" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_throttles" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "sign_in_throttles" ADD COLUMN "next_allowed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliberation_sessions" ADD COLUMN "results_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "deliberation_sessions" ADD COLUMN "results_published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliberation_sessions" ADD COLUMN "results_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaign_records" ADD COLUMN "sealed" text;--> statement-breakpoint
ALTER TABLE "campaign_records" ADD COLUMN "key_id" uuid;--> statement-breakpoint
ALTER TABLE "auth_sessions" ADD CONSTRAINT "auth_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "sign_in_throttles" DROP COLUMN "locked_until";