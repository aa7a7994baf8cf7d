import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { collectives } from "./collectives";

export const sessionFormatEnum = pgEnum("session_format", ["statements", "dots", "consent"]);
export const sessionPhaseEnum = pgEnum("session_phase", ["draft", "open", "closed"]);
export const itemStatusEnum = pgEnum("session_item_status", ["approved", "pending", "rejected"]);
export const consentPositionEnum = pgEnum("consent_position", [
  "consent",
  "concern",
  "object",
  "block",
]);

/** A participatory design session (statement voting, dot voting or a consent round). */
export const deliberationSessions = pgTable(
  "deliberation_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    collectiveId: uuid("collective_id")
      .notNull()
      .references(() => collectives.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    format: sessionFormatEnum("format").notNull(),
    prompt: text("prompt").notNull(),
    phase: sessionPhaseEnum("phase").notNull().default("draft"),
    closesAt: timestamp("closes_at", { withTimezone: true }),
    isModerated: boolean("is_moderated").notNull().default(false),
    dots: integer("dots"),
    maxPerOption: integer("max_per_option"),
    /** Snapshot of the results when the session last closed, with the statements behind them. */
    outcome: jsonb("outcome").$type<unknown>(),
    outcomeAt: timestamp("outcome_at", { withTimezone: true }),
    /**
     * Live results as last published. A new snapshot is published only once enough people
     * have voted since the last one (or at close), so consecutive snapshots never isolate
     * one person's ballot.
     */
    resultsSnapshot: jsonb("results_snapshot").$type<unknown>(),
    resultsPublishedAt: timestamp("results_published_at", { withTimezone: true }),
    resultsVersion: integer("results_version").notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("sessions_collective_idx").on(t.collectiveId, t.createdAt)],
);

/** Statements (statement voting) and options (dot voting). */
export const sessionItems = pgTable(
  "session_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => deliberationSessions.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    status: itemStatusEnum("status").notNull().default("approved"),
    /** Kept only so a participant can be told which statements are theirs; never sent to others. */
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    isSeed: boolean("is_seed").notNull().default(false),
    /** Keeps seed statements in the order the facilitator wrote them. */
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("session_items_session_idx").on(t.sessionId)],
);

/** Secret ballots: readable only as aggregates, or by their own voter. */
export const sessionVotes = pgTable(
  "session_votes",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => deliberationSessions.id, { onDelete: "cascade" }),
    itemId: uuid("item_id")
      .notNull()
      .references(() => sessionItems.id, { onDelete: "cascade" }),
    /** The voter, or a random id once they left or deleted their account (no foreign key). */
    userId: uuid("user_id").notNull(),
    /** 1 agree, -1 disagree, 0 pass. */
    vote: smallint("vote").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.userId] }),
    index("session_votes_session_idx").on(t.sessionId),
    // A person's own ballots: every session read (their votes), leaving and deleting an
    // account (anonymising), their data export. Without it PostgreSQL scans all of a
    // session's ballots on every read (100,000 rows for 1,000 x 100: 9.7 ms).
    index("session_votes_user_idx").on(t.userId, t.sessionId),
  ],
);

export const sessionAllocations = pgTable(
  "session_allocations",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => deliberationSessions.id, { onDelete: "cascade" }),
    /** The voter, or a random id once anonymised (see sessionVotes). */
    userId: uuid("user_id").notNull(),
    /** The person's canonical allocation [{optionId, dots}], replaced as a whole. */
    allocation: jsonb("allocation").$type<{ optionId: string; dots: number }[]>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export const sessionResponses = pgTable(
  "session_responses",
  {
    sessionId: uuid("session_id")
      .notNull()
      .references(() => deliberationSessions.id, { onDelete: "cascade" }),
    /** The respondent, or a random id once anonymised (see sessionVotes). */
    userId: uuid("user_id").notNull(),
    position: consentPositionEnum("position").notNull(),
    reason: text("reason"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.userId] })],
);

export type DeliberationSessionRow = typeof deliberationSessions.$inferSelect;
export type SessionItemRow = typeof sessionItems.$inferSelect;
