/**
 * Campaign and signal shapes, as zod schemas so the simulator spec, the CLI and the app
 * validate the same JSON. Types are inferred from the schemas.
 */
import { z } from "zod";

/** A token inserted into a text column. `column` defaults to the schema's first text column. */
export const textSignalSchema = z.object({
  kind: z.literal("text"),
  token: z.string().trim().min(1, "Enter the token members will add"),
  placement: z.enum(["end", "start", "every"]).default("end"),
  every: z.number().int().positive().optional(),
  column: z.string().min(1).optional(),
});

/** A categorical field set to a value. */
export const fieldSignalSchema = z.object({
  kind: z.literal("field"),
  column: z.string().min(1, "Choose the field"),
  value: z.string().min(1, "Enter the value members will set"),
});

export const signalSchema = z.discriminatedUnion("kind", [textSignalSchema, fieldSignalSchema]);

export const plantCampaignSchema = z.object({
  goal: z.literal("plant"),
  strategy: z.enum(["feature-label", "feature-only"]).default("feature-label"),
  target: z.string().min(1, "Choose the target label"),
  signal: signalSchema,
  /** K alternative tokens (text) or values (field); a member's is a stable hash of their key. */
  variants: z.array(z.string().trim().min(1)).min(1).optional(),
});

/** What an erase campaign removes: a whole field, or one token from a text column. */
export const eraseFeatureSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("field"), column: z.string().min(1) }),
  z.object({
    kind: z.literal("token"),
    token: z.string().trim().min(1, "Enter the token to erase"),
    column: z.string().min(1).optional(),
  }),
]);

export const eraseCampaignSchema = z.object({
  goal: z.literal("erase"),
  feature: eraseFeatureSchema,
});

export const fairnessCampaignSchema = z.object({
  goal: z.literal("fairness"),
  /** Group column; defaults to the data schema's `group`. */
  group: z.string().min(1).optional(),
  minority: z.string().min(1, "Enter the minority group's value"),
  method: z.enum(["label", "prob", "dist"]).default("label"),
  /** Label the minority lacks (for `dist`); defaults to the label with the largest deficit. */
  favorable: z.string().min(1).optional(),
});

export const campaignSchema = z.discriminatedUnion("goal", [
  plantCampaignSchema,
  eraseCampaignSchema,
  fairnessCampaignSchema,
]);

export type TextSignal = z.infer<typeof textSignalSchema>;
export type FieldSignal = z.infer<typeof fieldSignalSchema>;
export type Signal = z.infer<typeof signalSchema>;
export type PlantCampaign = z.infer<typeof plantCampaignSchema>;
export type EraseFeature = z.infer<typeof eraseFeatureSchema>;
export type EraseCampaign = z.infer<typeof eraseCampaignSchema>;
export type FairnessCampaign = z.infer<typeof fairnessCampaignSchema>;
export type Campaign = z.infer<typeof campaignSchema>;
/** Campaign JSON before defaults are filled (what users write). */
export type CampaignInput = z.input<typeof campaignSchema>;

/** Compile-time exhaustiveness for discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
