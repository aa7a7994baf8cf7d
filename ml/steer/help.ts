/**
 * What `npm run sim -- --help` says about a steering spec, and its JSON Schema
 * (`--schema steer`). Keyed by the schema's own field names, so a field added without a line
 * here shows "(no description)" and fails the help test.
 */
import { z } from "zod";
import { steerSpecSchema } from "./spec";

export const STEER_SPEC_FIELD_DESCRIPTIONS: Record<string, string> = {
  data: "numeric records: a CSV path (or sample gig-pay), the label column and the numeric feature columns",
  testFraction: "share of the rows held out to measure the clean loss",
  learner:
    "the platform's regression: least-squares or logistic, with or without intercept, exact or (DP-)SGD",
  campaign:
    'goal "steer": target weights (or a prediction for a profile), bounds of what members can report, strategy neutralize | control',
  alphas: "collective sizes to simulate, as shares of the training rows",
  seeds: "repetitions per alpha (the intervals are over these)",
  seed: "base seed: every random step derives from it, so a spec gives the same numbers",
};

/** The steering spec's JSON Schema, as users write specs (fields with defaults optional). */
export function steerSpecJsonSchema(): z.core.JSONSchema.BaseSchema {
  return z.toJSONSchema(steerSpecSchema, { io: "input" });
}
