import { z } from "zod";
import { columnNameSchema } from "@/ml/data/schema";
import { steerCampaignSchema, steerLearnerSchema } from "@/ml/steer/spec";

/** The built-in numeric sample a regression campaign can start from (ml/steer/sample.ts). */
export const STEER_SAMPLES = ["gig-pay"] as const;

const steerSource = {
  datasetId: z.uuid("Unknown dataset").optional(),
  sample: z.enum(STEER_SAMPLES, "Unknown sample").optional(),
};

/** The numbers a steering campaign is about: the label the platform predicts and its inputs. */
export const steerColumnsSchema = z.object({
  label: z
    .string()
    .min(1, "Choose the column the platform's model predicts")
    .pipe(columnNameSchema),
  numeric: z.array(columnNameSchema).min(1, "Choose at least one numeric input"),
});

const steerDesignFields = {
  ...steerSource,
  data: steerColumnsSchema,
  learner: steerLearnerSchema.prefault({ kind: "least-squares" }),
  campaign: steerCampaignSchema,
};

function exactlyOneSource(v: { datasetId?: string; sample?: string }, ctx: z.RefinementCtx) {
  if ((v.datasetId === undefined) === (v.sample === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["datasetId"],
      message: "Choose an uploaded dataset or the built-in sample",
    });
  }
}

/** What the steering designer sends while the organizer edits: the preview of the critical size. */
export const steerPreviewSchema = z
  .object({
    ...steerDesignFields,
    populationSize: z.coerce.number().int().min(1).max(2_000_000_000).optional(),
  })
  .superRefine(exactlyOneSource);

/** A regression campaign ("steer the platform's model"), as the designer and the API send it. */
export const createSteerCampaignSchema = z
  .object({
    kind: z.literal("regression"),
    name: z.string().trim().min(2, "A name has at least 2 characters").max(120),
    ...steerDesignFields,
    populationSize: z.coerce
      .number()
      .int("A whole number")
      .min(1, "The platform has at least one user")
      .max(2_000_000_000, "That is more people than exist"),
    /**
     * Members the plan is made for; absent: the critical size. Each member's computed record
     * depends on it (a larger collective needs smaller changes from each).
     */
    expectedMembers: z.coerce.number().int("A whole number").min(1).optional(),
    /** Share of simulated seeds within the tolerance to count as success. */
    targetSuccess: z.coerce
      .number()
      .gt(0, "Between 0 and 1")
      .lt(1, "Between 0 and 1 (e.g. 0.9)")
      .default(0.9),
  })
  .superRefine(exactlyOneSource);

export type CreateSteerCampaignInput = z.input<typeof createSteerCampaignSchema>;
