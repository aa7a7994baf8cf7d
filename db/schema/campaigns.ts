import {
  boolean,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { DataSchema } from "@/ml/data/schema";
import { users } from "./accounts";
import { collectives } from "./collectives";

/** Column roles: the engine's data schema (ml/data/schema.ts), the one definition. */
export type DataMapping = DataSchema;

/** A recommender campaign's sequence sample: which columns hold the sequence id and the item. */
export interface SequenceMapping {
  kind: "sequences";
  sequence: string;
  item: string;
  /** Optional item metadata columns (shown to members). */
  title?: string;
  artist?: string;
}

/** What a campaign's `data` holds: column roles for tables, or a sequence mapping. */
export type CampaignData = DataMapping | SequenceMapping;

/**
 * The platform kinds Concert organises against, each with its own strategies: classifiers
 * (plant, erase, fairness), recommenders (insert an item into sequences members own) and
 * regressions (members report computed numbers that steer the fit).
 */
export const campaignKinds = ["classifier", "recommender", "regression"] as const;
export type CampaignKind = (typeof campaignKinds)[number];

/** A member's instruction as stored (the engine's Instruction, structurally). */
export interface StoredInstruction {
  participates: boolean;
  changes: { field: string; before: string; after: string }[];
  steps: string[];
  variant?: string;
  pending?: "context";
}

export const campaignKindEnum = pgEnum("campaign_kind", campaignKinds);
export const campaignStatusEnum = pgEnum("campaign_status", [
  "draft",
  "launched",
  "paused",
  "ended",
]);
export const forecastStatusEnum = pgEnum("forecast_status", [
  "queued",
  "running",
  "done",
  "failed",
  "cancelled",
]);

/** A proxy sample of the platform's population: an uploaded CSV or a built-in sample. */
export const datasets = pgTable(
  "datasets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    collectiveId: uuid("collective_id")
      .notNull()
      .references(() => collectives.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** Built-in sample name, or null for an upload. */
    sampleName: text("sample_name"),
    columns: jsonb("columns").$type<string[]>().notNull(),
    rowCount: integer("row_count").notNull(),
    /** The uploaded CSV as sent (parsed again when needed); null for samples. */
    csv: text("csv"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("datasets_collective_idx").on(t.collectiveId)],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    collectiveId: uuid("collective_id")
      .notNull()
      .references(() => collectives.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The platform's kind: which strategies, records, forecasts and instructions apply. */
    kind: campaignKindEnum("kind").notNull().default("classifier"),
    datasetId: uuid("dataset_id").references(() => datasets.id, { onDelete: "restrict" }),
    sampleName: text("sample_name"),
    data: jsonb("data").$type<CampaignData>().notNull(),
    /** The engine's learner spec (the platform model as the collective imagines it). */
    learner: jsonb("learner").$type<Record<string, unknown>>().notNull(),
    /**
     * The plausible platform models the forecast runs against (learner kinds); null for
     * campaigns designed before there was a choice: `learner` alone.
     */
    platformModels: jsonb("platform_models").$type<string[]>(),
    /** The engine's campaign spec (goal, strategy, signal, ...). */
    campaign: jsonb("campaign").$type<Record<string, unknown>>().notNull(),
    populationSize: integer("population_size").notNull(),
    targetSuccess: real("target_success").notNull(),
    status: campaignStatusEnum("status").notNull().default("draft"),
    /** Fitted context instruct() needs (e.g. counterfactual labels), computed at creation. */
    context: jsonb("context").$type<unknown>(),
    /** Signal audit shown while designing (xi, Delta, suggestions). */
    signalAudit: jsonb("signal_audit").$type<unknown>(),
    /** The consent-round session that authorised the launch, if any. */
    authorisedBySessionId: uuid("authorised_by_session_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    launchedAt: timestamp("launched_at", { withTimezone: true }),
    endedAt: timestamp("ended_at", { withTimezone: true }),
  },
  (t) => [index("campaigns_collective_idx").on(t.collectiveId)],
);

/**
 * A member's record and instruction. Readable only by that member: no query joins it to
 * anything an organizer sees except as counts.
 */
export const campaignRecords = pgTable(
  "campaign_records",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    collectiveId: uuid("collective_id")
      .notNull()
      .references(() => collectives.id, { onDelete: "cascade" }),
    /**
     * The record, instruction and confirmed fields, sealed (AES-256-GCM) with this record's
     * own key. The key lives outside the database (lib/vault) and is destroyed on withdraw,
     * leave or account deletion, so copies left in WAL, dead tuples or backups are unreadable.
     */
    sealed: text("sealed"),
    keyId: uuid("key_id"),
    /** Legacy plaintext (rows written before sealing); sealed and cleared at start. */
    fields: jsonb("fields").$type<Record<string, string>>(),
    instruction: jsonb("instruction").$type<StoredInstruction>(),
    /** Whether the instruction asks this member to change anything. */
    isParticipating: boolean("is_participating").notNull().default(true),
    /** Last verified confirmation: the member counts as active. */
    confirmedAt: timestamp("confirmed_at", { withTimezone: true }),
    /** Legacy plaintext, see `fields`. */
    confirmedFields: jsonb("confirmed_fields").$type<Record<string, string>>(),
    confirmationsOk: integer("confirmations_ok").notNull().default(0),
    confirmationsFailed: integer("confirmations_failed").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.userId] }),
    index("campaign_records_campaign_idx").on(t.campaignId),
  ],
);

/** A shadow-model forecast: an engine sweep run as a background job. */
export const forecasts = pgTable(
  "forecasts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    collectiveId: uuid("collective_id")
      .notNull()
      .references(() => collectives.id, { onDelete: "cascade" }),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    status: forecastStatusEnum("status").notNull().default("queued"),
    /** "manual" or "auto" (debounced after confirmations change). */
    trigger: text("trigger").notNull().default("manual"),
    /** The engine spec that ran (without the data itself), so it can be re-run and compared. */
    spec: jsonb("spec").$type<Record<string, unknown>>().notNull(),
    seed: integer("seed").notNull(),
    /** Where collective rows came from: "members" (enough records) or "proxy". */
    dataSource: text("data_source").notNull().default("proxy"),
    /** Collective state when requested: active members, population, alpha. */
    snapshot: jsonb("snapshot").$type<Record<string, number>>().notNull(),
    progress: jsonb("progress").$type<{ done: number; total: number; etaSeconds: number | null }>(),
    result: jsonb("result").$type<unknown>(),
    error: text("error"),
    attempts: integer("attempts").notNull().default(0),
    requestedBy: uuid("requested_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("forecasts_campaign_idx").on(t.campaignId, t.createdAt)],
);

export type DatasetRow = typeof datasets.$inferSelect;
export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignRecordRow = typeof campaignRecords.$inferSelect;
export type ForecastRow = typeof forecasts.$inferSelect;
