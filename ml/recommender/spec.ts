/**
 * The spec and result of a recommender (sequence) campaign simulation: the JSON contract of
 * `npm run sim` for `"data": {"kind": "sequences"}` and of the app's recommender forecast.
 * Optional fields get their defaults here, once.
 */
import { z } from "zod";
import type { Interval } from "../simulate/spec";
import { INSERTION_STRATEGIES } from "./strategies";

export const SEQUENCE_SAMPLES = ["synthetic-playlists"] as const;
export const DEFAULT_SEQUENCE_ALPHAS = [0, 0.0005, 0.001, 0.002, 0.005, 0.01];

const probability = z.number().min(0).max(1);
const column = z.string().trim().min(1);

export const sequenceDataSpecSchema = z
  .object({
    kind: z.literal("sequences"),
    /** CSV path (one row per entry), relative to the spec file's folder or the caller's baseDir. */
    path: z.string().min(1).optional(),
    /** A built-in sample instead of a file. */
    sample: z.enum(SEQUENCE_SAMPLES).optional(),
    /** Sample size in sequences (samples only). */
    sequences: z.number().int().min(20).max(2_000_000).default(20_000),
    /** Sample catalogue size (samples only); default twice the sequences. */
    items: z.number().int().min(100).max(10_000_000).optional(),
    /** Seed of the sample (samples only), apart from the run seeds: one population, many splits. */
    sampleSeed: z.number().int().min(0).default(0),
    sequence: column.default("sequence"),
    item: column.default("item"),
  })
  .refine((d) => (d.path === undefined) !== (d.sample === undefined), {
    message: "give exactly one of data.path or data.sample",
    path: ["path"],
  });

export const sequenceLearnerSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("cooccurrence"),
    /** Successors within this many positions count. */
    window: z.number().int().min(1).max(50).default(2),
    /** Weight of each earlier seed item relative to the next one. */
    decay: z.number().gt(0).max(1).default(0.8),
  }),
  z.object({
    kind: z.literal("item2vec"),
    dim: z.number().int().min(2).max(256).default(32),
    window: z.number().int().min(1).max(50).default(2),
    negatives: z.number().int().min(1).max(50).default(5),
    epochs: z.number().int().min(1).max(100).default(3),
    learningRate: z.number().positive().max(1).default(0.1),
    subsample: z.number().min(0).max(1).default(0),
    decay: z.number().gt(0).max(1).default(0.8),
  }),
]);

export const promoteCampaignSchema = z.object({
  goal: z.literal("promote"),
  /** Id of the item to promote; may be new to the data. */
  item: z.string().trim().min(1),
  strategy: z.enum(INSERTION_STRATEGIES).default("dirlof"),
  /**
   * Share of the training sequences whose counts the members know (dirlof's popularity):
   * 1 = exact global counts; less = counts from a random share of them, a noisy proxy.
   */
  popularityShare: z.number().gt(0).max(1).default(1),
});

export const sequenceSpecSchema = z
  .object({
    data: sequenceDataSpecSchema,
    learner: sequenceLearnerSchema.default({ kind: "cooccurrence", window: 2, decay: 0.8 }),
    campaign: promoteCampaignSchema,
    /** Recommendations per seed (K of top-K and NDCG@K). */
    topK: z.number().int().min(1).max(1000).default(50),
    testFraction: z.number().gt(0).lt(1).default(0.2),
    /**
     * A test sequence's first items given to the model (its seed, as in the RecSys Challenge
     * 2018's playlist continuation task); the rest are what it should find. Test sequences
     * no longer than the seed are not evaluated.
     */
    seedLength: z.number().int().min(1).max(100).default(10),
    /** Test sequences evaluated per run, at most (the first of each seed's test split). */
    maxTestSequences: z.number().int().min(1).max(1_000_000).default(2000),
    alphas: z.array(probability).min(1).default(DEFAULT_SEQUENCE_ALPHAS),
    seeds: z.number().int().min(1).max(100).default(5),
    seed: z.number().int().min(0).default(0),
    others: z.array(z.object({ alpha: probability, campaign: promoteCampaignSchema })).default([]),
    /** Amplification to reach: the result then names the smallest alpha that does. */
    targetAmplification: z.number().positive().optional(),
    /** Share of test seeds with the target in their top-K to reach. */
    targetRecommendations: z.number().gt(0).max(1).optional(),
  })
  .superRefine((s, ctx) => {
    s.others.forEach((o, j) => {
      if (o.campaign.item === s.campaign.item)
        ctx.addIssue({
          code: "custom",
          path: ["others", j, "campaign", "item"],
          message: "another collective promotes another item (the same item adds to alpha)",
        });
    });
  });

export type SequenceSpec = z.infer<typeof sequenceSpecSchema>;
export type SequenceSpecInput = z.input<typeof sequenceSpecSchema>;
export type SequenceLearnerSpec = z.infer<typeof sequenceLearnerSchema>;
export type PromoteCampaign = z.infer<typeof promoteCampaignSchema>;

/** True when a parsed JSON spec asks for sequences (the CLI's dispatch). */
export function isSequenceSpec(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null || !("data" in raw)) return false;
  const data: unknown = raw.data;
  return typeof data === "object" && data !== null && "kind" in data && data.kind === "sequences";
}

export interface OtherCollectivePoint {
  item: string;
  collectiveSize: number;
  amplification: Interval;
  targetRecommendations: Interval;
}

export interface SequencePoint {
  alpha: number;
  /** Members (sequences edited): round(alpha * nTrain), fewer if not enough sequences lack the item. */
  collectiveSize: number;
  /**
   * Share of evaluated test seeds whose top-K holds the target, divided by the target's
   * share of training sequences: 1 = recommended as often as it is present (no lift).
   * 0 when no training sequence holds the target (it cannot be recommended).
   */
  amplification: Interval;
  /** Share of evaluated test seeds whose top-K holds the target. */
  targetRecommendations: Interval;
  /**
   * `targetRecommendations` over the mean share for ordinary items with the same training
   * count: the paper's amplification ("than an average song with the same number of training
   * occurrences"), larger than `amplification` because rare items are rarely recommended.
   * 0 when no training sequence holds the target or its peers are never recommended.
   */
  amplificationVsPeers: Interval;
  /** NDCG@K of the test sequences' held-out items: the platform's quality (side effect). */
  ndcg: Interval;
  /** Share of training sequences holding the target (mean over seeds). */
  targetShare: number;
  /** Other collectives, in spec order. */
  others?: OtherCollectivePoint[];
}

export interface CriticalMass {
  target: number;
  /** Smallest alpha reaching it, interpolated between grid points; null: none did. */
  alpha: number | null;
  collectiveSize: number | null;
  /** False when the first reaching grid point had no usable point below it. */
  interpolated: boolean;
}

export interface SequenceSimulationResult {
  kind: "sequences";
  points: SequencePoint[];
  criticalMass?: { amplification?: CriticalMass; targetRecommendations?: CriticalMass };
  item: string;
  /** The target was in no sequence of the data. */
  isNewItem: boolean;
  learner: SequenceLearnerSpec["kind"];
  topK: number;
  seedLength: number;
  nSequences: number;
  nItems: number;
  nTrain: number;
  nTest: number;
  /** Test sequences evaluated per run (long enough for a seed and a held-out item). */
  nEvaluated: number;
  /** Mean seconds to train the shadow model once, and to evaluate it once. */
  trainSeconds: number;
  evaluateSeconds: number;
  seconds: number;
  runs: number;
  interval: "t-95";
}
