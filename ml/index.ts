/**
 * The engine's public surface (what `lib/` and `jobs/` import): data loading, features,
 * learners, campaigns (instructions, verification, audit), theory bounds, the simulator,
 * the built-in samples and recommender (sequence) campaigns. Nothing here imports Next,
 * React, the database or `lib/`.
 */
export type * from "./types";
export { createRng, deriveSeed, shuffled, fnv1a, type Rng } from "../core/random";
export * from "./data";
export * from "./features";
export * from "./learners";
export * from "./campaign";
export * from "./theory";
export * from "./simulate";
export * from "./samples";
export * from "./recommender";
export * from "./steer";
