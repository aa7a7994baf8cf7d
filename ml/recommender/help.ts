/**
 * What `npm run sim -- --help` says about a sequences spec, and its JSON Schema
 * (`--schema sequences`). Keyed by the schema's own field names, so a field added without a
 * line here shows "(no description)" and fails the help test.
 */
import { z } from "zod";
import { sequenceSpecSchema } from "./spec";

export const SEQUENCE_SPEC_FIELD_DESCRIPTIONS: Record<string, string> = {
  data: 'kind "sequences": a CSV (one row per entry: sequence and item columns, in order) or sample "synthetic-playlists" sized by sequences',
  learner:
    "the platform's shadow recommender: cooccurrence (next-item counts) or item2vec (learned)",
  campaign: "promote: the item members insert once into a sequence they own, and where (strategy)",
  topK: "recommendations per seed (K of top-K and NDCG@K)",
  testFraction: "share of the sequences held out as test seeds",
  seedLength: "a test sequence's first items given to the model; the rest are held out",
  maxTestSequences: "test sequences evaluated per run, at most",
  alphas: "collective sizes to simulate, as shares of the training sequences",
  seeds: "repetitions per alpha (the intervals are over these)",
  seed: "base seed: every random step derives from it, so a spec gives the same numbers",
  others: "other collectives promoting another item into the same sequences, each with its alpha",
  targetAmplification: "amplification to reach: the result names the smallest alpha (interpolated)",
  targetRecommendations: "share of test seeds recommending the item to reach: the smallest alpha",
};

/** The sequences spec's JSON Schema, as users write specs (fields with defaults optional). */
export function sequenceSpecJsonSchema(): z.core.JSONSchema.BaseSchema {
  return z.toJSONSchema(sequenceSpecSchema, { io: "input" });
}
