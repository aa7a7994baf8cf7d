import { z } from "zod";
import { campaignSchema } from "@/ml/campaign/schema";
import { columnNameSchema, dataSchemaSchema, type DataSchema } from "@/ml/data/schema";
import { learnerKindSchema, learnerSpecSchema } from "@/ml/simulate/spec";

/** The campaign's column mapping: the engine's data schema, the one definition. */
const dataMappingSchema = dataSchemaSchema;
export type DataMapping = DataSchema;

const source = {
  datasetId: z.uuid("Unknown dataset").optional(),
  sample: z.string().min(1).optional(),
  data: dataMappingSchema.optional(),
};

function exactlyOneSource(v: { datasetId?: string; sample?: string }, ctx: z.RefinementCtx) {
  if ((v.datasetId === undefined) === (v.sample === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["datasetId"],
      message: "Choose an uploaded dataset or a built-in sample",
    });
  }
}

export const createCampaignSchema = z
  .object({
    name: z.string().trim().min(2, "A name has at least 2 characters").max(120),
    ...source,
    populationSize: z.coerce
      .number()
      .int("A whole number")
      .min(1, "The platform has at least one user")
      .max(2_000_000_000, "That is more people than exist"),
    learner: learnerSpecSchema,
    /**
     * The plausible platform models to forecast against (the designer ticks the linear model
     * and the fastText-like network by default); absent: `learner.kind` alone.
     */
    platformModels: z
      .array(learnerKindSchema)
      .min(1, "Tick at least one platform model")
      .max(4)
      .refine((k) => new Set(k).size === k.length, "Each model once")
      .optional(),
    campaign: campaignSchema,
    targetSuccess: z.coerce.number().gt(0, "Between 0 and 1").lt(1, "Between 0 and 1 (e.g. 0.9)"),
  })
  .superRefine(exactlyOneSource)
  .superRefine((v, ctx) => {
    if (v.platformModels && !v.platformModels.includes(v.learner.kind)) {
      ctx.addIssue({
        code: "custom",
        path: ["platformModels"],
        message: `Include the learner's own model ("${v.learner.kind}")`,
      });
    }
  });

/** What the designer asks the server to audit while the organizer edits a campaign. */
export const signalAuditSchema = z
  .object({ ...source, campaign: campaignSchema })
  .superRefine(exactlyOneSource);

/** A member's record: field name -> value, as they hold it on the platform. */
export const recordFieldsSchema = z.object({
  fields: z
    .record(columnNameSchema.max(100), z.string().max(20_000, "At most 20,000 characters"))
    .refine((f) => Object.keys(f).length <= 200, "Too many fields"),
});
