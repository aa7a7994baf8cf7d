import { z } from "zod";
import { SEQUENCE_SAMPLES, sequenceLearnerSchema } from "@/ml/recommender/spec";
import { INSERTION_STRATEGIES } from "@/ml/recommender/strategies";

/** The built-in sample's size: large enough for a stable forecast, small enough for 2 cores. */
export const SEQUENCE_SAMPLE_SIZES = { min: 1000, max: 50_000, default: 10_000 } as const;

const column = z.string().trim().min(1, "Name a column").max(100);
const optionalColumn = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined));

/** Which columns of an uploaded sequences CSV (one row per entry) hold what. */
export const sequenceColumnsSchema = z.object({
  sequence: column.default("sequence"),
  item: column.default("item"),
  title: optionalColumn,
  artist: optionalColumn,
});

/** The item a recommender campaign promotes: its id on the platform and what people see. */
export const promoteTargetInputSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, "Give the item's id on the platform (e.g. its track URI)")
    .max(200, "At most 200 characters")
    .refine((v) => !/[\t\n\r]/.test(v), "No tabs or line breaks in an id"),
  title: z.string().trim().max(200, "At most 200 characters").default(""),
  artist: z.string().trim().max(200, "At most 200 characters").default(""),
});

const recommenderDesignFields = {
  datasetId: z.uuid("Unknown dataset").optional(),
  sample: z.enum(SEQUENCE_SAMPLES, "Unknown sample").optional(),
  /** Playlists in the built-in sample (ignored for an upload). */
  sampleSize: z.coerce
    .number()
    .int("A whole number")
    .min(SEQUENCE_SAMPLE_SIZES.min, `At least ${SEQUENCE_SAMPLE_SIZES.min.toLocaleString("en")}`)
    .max(SEQUENCE_SAMPLE_SIZES.max, `At most ${SEQUENCE_SAMPLE_SIZES.max.toLocaleString("en")}`)
    .default(SEQUENCE_SAMPLE_SIZES.default),
  data: sequenceColumnsSchema.prefault({}),
  target: promoteTargetInputSchema,
  strategy: z.enum(INSERTION_STRATEGIES, "Choose dirlof, inclust, random or end").default("dirlof"),
  learner: sequenceLearnerSchema.prefault({ kind: "cooccurrence" }),
};

function exactlyOneSource(v: { datasetId?: string; sample?: string }, ctx: z.RefinementCtx) {
  if ((v.datasetId === undefined) === (v.sample === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["datasetId"],
      message: "Choose an uploaded sequences CSV or the built-in sample",
    });
  }
}

/** A recommender campaign ("promote an item"), as the designer and the API send it. */
export const createRecommenderCampaignSchema = z
  .object({
    kind: z.literal("recommender"),
    name: z.string().trim().min(2, "A name has at least 2 characters").max(120),
    ...recommenderDesignFields,
    /** Sequences (playlists) on the platform: the denominator of alpha. */
    populationSize: z.coerce
      .number()
      .int("A whole number")
      .min(1, "The platform has at least one playlist")
      .max(2_000_000_000, "That is more playlists than exist"),
    /**
     * The target share of recommendation lists (the top-K continuations of listeners'
     * playlists) that hold the item: what "it works" means for members still needed.
     */
    targetSuccess: z.coerce
      .number()
      .gt(0, "Between 0 and 1 (e.g. 0.01 for 1% of recommendation lists)")
      .lt(1, "Between 0 and 1 (e.g. 0.01 for 1% of recommendation lists)")
      .default(0.01),
  })
  .superRefine(exactlyOneSource);

/** The designer's strategy comparison: the same design, before it is a campaign. */
export const recommenderPreviewSchema = z
  .object({
    ...recommenderDesignFields,
    populationSize: z.coerce.number().int().min(1).max(2_000_000_000).optional(),
  })
  .superRefine(exactlyOneSource);

export type CreateRecommenderCampaignInput = z.input<typeof createRecommenderCampaignSchema>;
export type RecommenderPreviewInput = z.input<typeof recommenderPreviewSchema>;

/** Spotify export files a member uploads to pick a playlist: the texts of Playlist*.json. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
