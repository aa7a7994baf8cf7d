/**
 * The contract between the engine's parts: data -> features -> learners -> simulate.
 * Keep this file small and stable; each part owns its own folder.
 */

/** One CSV row as strings, keyed by column name. */
export type Row = Record<string, string>;

/** A loaded table: header order kept, every row has every column. */
export interface Table {
  columns: string[];
  rows: Row[];
}

export type { DataSchema } from "./data/schema";

/**
 * Sparse rows in CSR form: row i has ids[offsets[i]..offsets[i+1]) with the same
 * slice of values. `dim` is the size of the id space (hash buckets + categorical ids
 * + numeric columns). Never densified for text.
 */
export interface SparseMatrix {
  n: number;
  dim: number;
  offsets: Int32Array;
  ids: Int32Array;
  values: Float32Array;
}

/** Labelled sparse data: y[i] is a class index into `classes`. */
export interface Dataset {
  x: SparseMatrix;
  y: Int32Array;
  classes: string[];
}

export interface DpOptions {
  /** Per-example gradient clipping norm C. */
  clip: number;
  /** Gaussian noise multiplier sigma. */
  noiseMultiplier: number;
  /** Target delta for the accountant. */
  delta: number;
}

export interface ReweightOptions {
  kind: "jtt";
  lambda: number;
}

export type LearnerKind = "linear" | "mlp" | "bayes" | "fasttext";

export interface LearnerSpec {
  kind: LearnerKind;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  hidden?: number;
  l2?: number;
  dp?: DpOptions;
  reweight?: ReweightOptions;
  /** Optimiser for `linear`/`mlp` (learners pick a measured default when absent). */
  optimizer?: "adam" | "sgd";
}

export interface TrainOptions {
  seed: number;
  /** Optional per-example weights (used by reweighting). */
  weights?: Float32Array;
  /** Called after each epoch; lets callers report progress. */
  onEpoch?: (epoch: number, epochs: number) => void;
  /** Checked between batches; when it returns true training stops early with what it has. */
  isCancelled?: () => boolean;
}

/** A trained model: plain numbers out, never tensors. */
export interface TrainedModel {
  kind: LearnerKind;
  numClasses: number;
  /** Row-major n x numClasses probabilities. */
  predictProba(x: SparseMatrix): Float32Array;
  /** Argmax class per row. */
  predict(x: SparseMatrix): Int32Array;
  /** JSON-safe serialisation; `loadModel(json)` restores it. */
  toJSON(): unknown;
  /** Frees tensors, if any. */
  dispose(): void;
}

export interface TrainResult {
  model: TrainedModel;
  /** Present when DP-SGD ran: the accountant's epsilon for the run's delta. */
  privacy?: { epsilon: number; delta: number };
}
