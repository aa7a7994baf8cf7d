CREATE TYPE "public"."consent_position" AS ENUM('consent', 'concern', 'object', 'block');--> statement-breakpoint
CREATE TYPE "public"."session_item_status" AS ENUM('approved', 'pending', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."session_format" AS ENUM('statements', 'dots', 'consent');--> statement-breakpoint
CREATE TYPE "public"."session_phase" AS ENUM('draft', 'open', 'closed');--> statement-breakpoint
CREATE TABLE "deliberation_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"collective_id" uuid NOT NULL,
	"title" text NOT NULL,
	"format" "session_format" NOT NULL,
	"prompt" text NOT NULL,
	"phase" "session_phase" DEFAULT 'draft' NOT NULL,
	"closes_at" timestamp with time zone,
	"is_moderated" boolean DEFAULT false NOT NULL,
	"dots" integer,
	"max_per_option" integer,
	"outcome" jsonb,
	"outcome_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_allocations" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"allocation" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_allocations_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "session_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"text" text NOT NULL,
	"status" "session_item_status" DEFAULT 'approved' NOT NULL,
	"author_id" uuid,
	"is_seed" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_responses" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"position" "consent_position" NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_responses_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "session_votes" (
	"session_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"vote" smallint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_votes_item_id_user_id_pk" PRIMARY KEY("item_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "deliberation_sessions" ADD CONSTRAINT "deliberation_sessions_collective_id_collectives_id_fk" FOREIGN KEY ("collective_id") REFERENCES "public"."collectives"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_sessions" ADD CONSTRAINT "deliberation_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_allocations" ADD CONSTRAINT "session_allocations_session_id_deliberation_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_allocations" ADD CONSTRAINT "session_allocations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_items" ADD CONSTRAINT "session_items_session_id_deliberation_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_items" ADD CONSTRAINT "session_items_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_responses" ADD CONSTRAINT "session_responses_session_id_deliberation_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_responses" ADD CONSTRAINT "session_responses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_votes" ADD CONSTRAINT "session_votes_session_id_deliberation_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."deliberation_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_votes" ADD CONSTRAINT "session_votes_item_id_session_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."session_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_votes" ADD CONSTRAINT "session_votes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_collective_idx" ON "deliberation_sessions" USING btree ("collective_id","created_at");--> statement-breakpoint
CREATE INDEX "session_items_session_idx" ON "session_items" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "session_votes_session_idx" ON "session_votes" USING btree ("session_id");