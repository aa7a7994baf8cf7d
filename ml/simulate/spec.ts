/**
 * The simulation spec and result: the JSON contract shared by the CLI, the app and tests
 * (issue 3). Optional fields get their defaults here, once.
 */
import { z } from "zod";
import { campaignSchema } from "../campaign/schema";
import { dataSchemaSchema } from "../data/schema";

export const DEFAULT_ALPHAS = [0, 0.005, 0.01, 0.02, 0.05, 0.1];

const probability = z.number().min(0).max(1);

export const dataSpecSchema = z
  .object({
    /** CSV path, relative to the spec file's folder (CLI) or the caller's `baseDir`. */
    path: z.string().min(1).optional(),
    /** A built-in sample instead of a file (see `listSamples()`). */
    sample: z.string().min(1).optional(),
    ...dataSchemaSchema.shape,
  })
  .refine((d) => (d.path === undefined) !== (d.sample === undefined), {
    message: "give exactly one of data.path or data.sample",
    path: ["path"],
  })
  .refine((d) => d.text.length + d.categorical.length + d.numeric.length > 0, {
    message: "name at least one feature column (text, categorical or numeric)",
    path: ["text"],
  });

/** The shadow model families the engine trains (`LearnerKind` in types.ts). */
export const learnerKindSchema = z.enum(["linear", "mlp", "bayes", "fasttext"]);

export const learnerSpecSchema = z.object({
  kind: learnerKindSchema,
  epochs: z.number().int().positive().max(1000).optional(),
  batchSize: z.number().int().positive().optional(),
  learningRate: z.number().positive().optional(),
  hidden: z.number().int().positive().optional(),
  l2: z.number().min(0).optional(),
  dp: z
    .object({
      clip: z.number().positive(),
      noiseMultiplier: z.number().min(0),
      delta: z.number().positive().lt(1).default(1e-5),
    })
    .optional(),
  reweight: z.object({ kind: z.literal("jtt"), lambda: z.number().positive() }).optional(),
  /** Optimiser for linear/mlp; the learners pick a measured default when absent. */
  optimizer: z.enum(["adam", "sgd"]).optional(),
});

export const noiseSpecSchema = z.object({
  p: probability,
  mode: z.enum(["wrong-label", "corrupt-signal", "skip"]),
});

export const simulationSpecSchema = z
  .object({
    data: dataSpecSchema,
    testFraction: z.number().gt(0).lt(1).default(0.2),
    learner: learnerSpecSchema,
    campaign: campaignSchema,
    alphas: z.array(probability).min(1).default(DEFAULT_ALPHAS),
    seeds: z.number().int().min(1).max(100).default(5),
    /** Base seed: every random step derives from it. */
    seed: z.number().int().min(0).default(0),
    noise: noiseSpecSchema.optional(),
    others: z.array(z.object({ alpha: probability, campaign: campaignSchema })).default([]),
    targetSuccess: z.number().gt(0).lt(1).optional(),
    /**
     * The last `memberRows` rows of the table are the collective's own (unmodified) records:
     * always in training, and drawn into the collective before any proxy row (science.md
     * section 3: member records where the campaign has them, otherwise proxy points).
     */
    memberRows: z.number().int().min(0).default(0),
    /** Hash buckets for text features (featurizer default when absent). */
    buckets: z.number().int().positive().optional(),
    /**
     * The platform's real model is unknown: the model families to run the campaign against
     * (`learner` gives the shared options; its kind must be one of them). Absent: `learner`
     * alone. See model-band.ts.
     */
    platformModels: z
      .array(learnerKindSchema)
      .min(1, "tick at least one platform model")
      .max(4)
      .refine((k) => new Set(k).size === k.length, "each model once")
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.platformModels && !s.platformModels.includes(s.learner.kind)) {
      ctx.addIssue({
        code: "custom",
        path: ["learner", "kind"],
        message: "the learner's kind must be one of platformModels",
      });
    }
    // A signal on a column the learner never reads would silently do nothing.
    const { campaign, data } = s;
    const features = new Set([...data.text, ...data.categorical, ...data.numeric]);
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    switch (campaign.goal) {
      case "plant": {
        const sig = campaign.signal;
        if (
          sig.kind === "text" &&
          (sig.column !== undefined ? !data.text.includes(sig.column) : data.text.length === 0)
        ) {
          issue(["campaign", "signal", "column"], "a text signal needs a text column of data.text");
        }
        if (sig.kind === "field" && !data.categorical.includes(sig.column)) {
          issue(["campaign", "signal", "column"], `"${sig.column}" is not one of data.categorical`);
        }
        break;
      }
      case "erase":
        if (campaign.feature.kind === "field" && !features.has(campaign.feature.column)) {
          issue(
            ["campaign", "feature", "column"],
            `"${campaign.feature.column}" is not a feature column of data`,
          );
        }
        break;
      case "fairness":
        if (campaign.group === undefined && data.group === undefined) {
          issue(
            ["campaign", "group"],
            "a fairness campaign needs a group column (campaign.group or data.group)",
          );
        }
        break;
      default:
        break;
    }
  });

export type SimulationSpec = z.infer<typeof simulationSpecSchema>;
/** The spec as users write it (optional fields may be missing). */
export type SimulationSpecInput = z.input<typeof simulationSpecSchema>;
export type NoiseSpec = z.infer<typeof noiseSpecSchema>;

/** Mean and 95% interval over seeds. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
}

export interface FairnessPoint {
  /** |P(f = favourable | minority) - P(f = favourable | majority)| on clean test rows. */
  demographicParityDiff: Interval;
  /** max(|TPR gap|, |FPR gap|) for the favourable label on clean test rows. */
  equalizedOddsDiff: Interval;
  favorable: string;
}

export interface SimulationPoint {
  alpha: number;
  /** round(alpha * nTrain), capped by the rows that can join (the minority, for fairness). */
  collectiveSize: number;
  /**
   * plant: share of test rows with the signal applied (each row its own variant) classified as
   * the target. erase: share of test rows where f(x) = y~(x). fairness: share of minority test
   * rows where f(x) equals the majority model's label.
   */
  success: Interval;
  /**
   * The same, restricted to the rows the campaign changes: plant: true label != target;
   * erase / fairness: true label != the counterfactual label.
   */
  successOnOthers: Interval;
  /**
   * What the campaign changes (science.md 3.5): `successOnOthers` here minus at alpha 0 (no
   * campaign), per seed on the same split, then mean and 95% interval (it may be negative).
   * Absent when the grid has no alpha 0.
   */
  lift?: Interval;
  /** Share of the evaluated test rows the campaign must change (mean over seeds). */
  changeShare?: number;
  /** Accuracy on the unmodified test rows. */
  cleanAccuracy: Interval;
  /** Theoretical guarantee under assumptions (Bayes-optimal learner), kept apart from `success`. */
  bound?: number;
  /**
   * The same guarantee restated on the rows to change (the `successOnOthers` scale): with a
   * share `c` of rows to change, at most `1 - c` of `success` comes from rows already at the
   * target, so `successOnOthers >= (bound - (1 - c)) / c` (clamped at 0).
   */
  boundOnOthers?: number;
  fairness?: FairnessPoint;
}

export interface SimulationResult {
  points: SimulationPoint[];
  audit: {
    xi: number;
    delta: number;
    deltaSource?: "signalled" | "prior";
    piStar?: number;
    expectedGap?: number;
    suggestions?: string[];
  };
  /**
   * The target applies to `successOnOthers`, the rows the campaign must change: raw success
   * also counts rows already at the target and would declare victory with no collective.
   */
  criticalMass?: {
    targetSuccess: number;
    /** Smallest alpha of the grid whose mean `successOnOthers` reaches the target (null: none did). */
    simulated: number | null;
    /**
     * Smallest alpha whose `boundOnOthers` (audited xi, Delta; noise, others) reaches the
     * target; null: none.
     */
    theoretical: number | null;
  };
  privacy?: { epsilon: number; delta: number };
  backend: string;
  seconds: number;
  /** How `low`/`high` were computed. */
  interval: "t-95";
  runs: number;
  nTrain: number;
  nTest: number;
}

/** Zod issues as "path: message" lines, for the CLI and the app. */
export function formatSpecIssues(error: z.ZodError): string[] {
  return error.issues.map(
    (i) => `${i.path.length > 0 ? i.path.join(".") : "(spec)"}: ${i.message}`,
  );
}
