/**
 * The spec of a steering campaign (issue 13): the collective wants the platform's regression
 * to land on target parameters. The JSON contract of `npm run sim` for `"campaign": {"goal":
 * "steer"}` and of the app's steering forecast. Optional fields get their defaults here, once.
 */
import { z } from "zod";
import { columnNameSchema } from "../data/schema";

export const DEFAULT_STEER_ALPHAS = [0, 0.02, 0.05, 0.1, 0.2];

const probability = z.number().min(0).max(1);

export const steerDataSchema = z
  .object({
    /** CSV path, relative to the spec file's folder (CLI) or the caller's `baseDir`. */
    path: z.string().min(1).optional(),
    /** The built-in numeric sample instead of a file (`gig-pay`, see sample.ts). */
    sample: z.enum(["gig-pay"]).optional(),
    label: z.string().min(1, "Choose the label column").pipe(columnNameSchema),
    numeric: z.array(columnNameSchema).min(1, "name at least one numeric feature column"),
  })
  .refine((d) => (d.path === undefined) !== (d.sample === undefined), {
    message: "give exactly one of data.path or data.sample",
    path: ["path"],
  });

const dpSchema = z.object({
  clip: z.number().positive(),
  noiseMultiplier: z.number().min(0),
  delta: z.number().positive().lt(1).default(1e-5),
});

/** Options of (DP-)SGD training, shared by both learners when `solver` is "sgd". */
const sgdFields = {
  /** Step size; absent: 0.5 / the largest curvature of the training loss (stable in raw units). */
  learningRate: z.number().positive().optional(),
  epochs: z.number().int().positive().max(1000).default(20),
  /** Total SGD steps; overrides epochs (the `control` strategy counts in steps). */
  steps: z.number().int().positive().max(1_000_000).optional(),
  batchSize: z.number().int().positive().default(32),
  /** DP-SGD at the platform: per-example clip C, Gaussian noise sigma*C on the batch sum. */
  dp: dpSchema.optional(),
};

export const steerLearnerSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("least-squares"),
    intercept: z.boolean().default(true),
    /** "exact": the normal equations; "sgd": minibatch (DP-)SGD from zero. */
    solver: z.enum(["exact", "sgd"]).default("exact"),
    ...sgdFields,
  }),
  z.object({
    kind: z.literal("logistic"),
    intercept: z.boolean().default(true),
    /** "newton": the exact minimiser; "sgd": minibatch (DP-)SGD from zero. */
    solver: z.enum(["newton", "sgd"]).default("newton"),
    /** The label value that counts as 1; default "1" when the labels are 0/1. */
    positive: z.string().min(1).optional(),
    /** Ridge penalty (not on the intercept): keeps separable data finite. */
    l2: z.number().min(0).default(0),
    ...sgdFields,
  }),
]);

const boundSchema = z
  .tuple([z.number(), z.number()])
  .refine(([lo, hi]) => lo <= hi, "a bound is [low, high] with low <= high");

/**
 * The parameters the collective wants. Weights it does not name (and the intercept, when not
 * given) are not free: `others: "keep"` (default) holds them at the base fit, so nothing the
 * organizer did not ask for changes; `"refit"` sets them to what the platform's own data gives
 * once the named ones are fixed (the collective then does not fight the data on what it did
 * not name: a smaller critical size, but the other weights move). Either way theta* is one point.
 * A prediction target moves the base fit the least (minimum-norm change) to predict `value`
 * for `profile` (a probability for the logistic learner).
 */
export const steerTargetSchema = z
  .object({
    weights: z.record(columnNameSchema, z.number()).optional(),
    intercept: z.number().optional(),
    others: z.enum(["keep", "refit"]).default("keep"),
    prediction: z
      .object({ profile: z.record(columnNameSchema, z.number()), value: z.number() })
      .optional(),
  })
  .refine(
    (t) => (t.prediction === undefined) !== (t.weights === undefined && t.intercept === undefined),
    {
      message: "give target.weights (and/or target.intercept) or target.prediction, not both",
    },
  )
  .refine(
    (t) =>
      t.prediction !== undefined ||
      Object.keys(t.weights ?? {}).length > 0 ||
      t.intercept !== undefined,
    {
      message: "name at least one weight (or the intercept)",
      path: ["weights"],
    },
  );

export const steerCampaignSchema = z.object({
  goal: z.literal("steer"),
  target: steerTargetSchema,
  /**
   * What a member can plausibly report, per field (features and the label). A field without
   * bounds keeps the member's own value.
   */
  bounds: z.record(columnNameSchema, boundSchema).default({}),
  strategy: z.enum(["neutralize", "control"]).default("neutralize"),
  /** Success: ||theta_fit - theta*|| <= tolerance * ||theta*||. */
  tolerance: z.number().positive().default(0.05),
  /** `control` only: the pull B per step (the error contracts by 1 - learningRate * B). */
  control: z
    .object({
      pull: z.number().positive().default(0.5),
      /** Where the platform's SGD starts: its current model (the base fit) or zero. */
      init: z.enum(["base-fit", "zero"]).default("base-fit"),
    })
    .prefault({}),
});

export const steerSpecSchema = z
  .object({
    data: steerDataSchema,
    testFraction: z.number().gt(0).lt(1).default(0.2),
    learner: steerLearnerSchema,
    campaign: steerCampaignSchema,
    alphas: z.array(probability).min(1).default(DEFAULT_STEER_ALPHAS),
    seeds: z.number().int().min(1).max(1000).default(5),
    seed: z.number().int().min(0).default(0),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const { data, learner, campaign } = s;
    const features = new Set(data.numeric);
    if (features.has(data.label))
      issue(["data", "numeric"], `"${data.label}" is the label and cannot also be a feature`);
    if (new Set(data.numeric).size !== data.numeric.length)
      issue(["data", "numeric"], "each numeric column once");
    const isSgd = learner.solver === "sgd";
    if (learner.dp !== undefined && !isSgd)
      issue(["learner", "dp"], 'DP-SGD needs learner.solver: "sgd"');
    if (campaign.strategy === "control" && !isSgd)
      issue(["learner", "solver"], 'the control strategy steers SGD: set learner.solver to "sgd"');
    const { target } = campaign;
    for (const name of Object.keys(target.weights ?? {}))
      if (!features.has(name))
        issue(["campaign", "target", "weights", name], `"${name}" is not one of data.numeric`);
    if (target.intercept !== undefined && !learner.intercept)
      issue(
        ["campaign", "target", "intercept"],
        "the learner has no intercept (learner.intercept)",
      );
    if (target.prediction !== undefined) {
      const profile = target.prediction.profile;
      for (const name of data.numeric)
        if (profile[name] === undefined)
          issue(["campaign", "target", "prediction", "profile"], `the profile needs "${name}"`);
      for (const name of Object.keys(profile))
        if (!features.has(name))
          issue(
            ["campaign", "target", "prediction", "profile", name],
            `"${name}" is not one of data.numeric`,
          );
      const v = target.prediction.value;
      if (learner.kind === "logistic" && !(v > 0 && v < 1))
        issue(
          ["campaign", "target", "prediction", "value"],
          "a logistic prediction is a probability in (0, 1)",
        );
    }
    for (const [name, [lo, hi]] of Object.entries(campaign.bounds)) {
      if (name !== data.label && !features.has(name))
        issue(
          ["campaign", "bounds", name],
          `"${name}" is neither the label nor one of data.numeric`,
        );
      if (name === data.label && learner.kind === "logistic" && (lo < 0 || hi > 1))
        issue(["campaign", "bounds", name], "a logistic label is 0 or 1: bound it within [0, 1]");
    }
  });

export type SteerSpec = z.infer<typeof steerSpecSchema>;
export type SteerSpecInput = z.input<typeof steerSpecSchema>;
export type SteerLearnerSpec = SteerSpec["learner"];
export type SteerCampaign = SteerSpec["campaign"];
export type SteerTarget = SteerCampaign["target"];

/** True when raw JSON asks for a steering campaign (the CLI's and the app's dispatch). */
export function isSteerSpec(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null || !("campaign" in raw)) return false;
  const campaign: unknown = raw.campaign;
  return (
    typeof campaign === "object" &&
    campaign !== null &&
    "goal" in campaign &&
    campaign.goal === "steer"
  );
}
