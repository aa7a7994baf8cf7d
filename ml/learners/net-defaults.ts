import type { LearnerSpec } from "../types";

/** Fully resolved training options of `linear` / `mlp`. */
export interface NetOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  hidden: number;
  l2: number;
  optimizer: "adam" | "sgd";
}

/**
 * Defaults per learner, chosen by measurement on SpamAssassin (subject + 100 body words,
 * 80% train, 5 epochs, 2^18 buckets), against the scikit-learn anchors:
 * - linear: plain SGD, batch 4, rate 16 on the batch-mean gradient (4 per example),
 *   decayed linearly to 0 as in fastText. Test accuracy 0.978; planting "zq" every 10th
 *   word moved 3/56/80/92/95% of test spam to ham at alpha 0/0.5/1/2/5% (mean of 3
 *   seeds; the logistic-regression anchor: 4/58/84/94/97%). Batch 8 / rate 16 gave
 *   0.973 and 4/48/75/90/94%; per-example SGD (batch 1, rate 4) about the same as batch 4.
 *   Adam (batch 32, rate 0.02) reached 0.980 accuracy but only 4/13/19/31/49%: its
 *   per-coordinate scaling gives a rare feature the same step as a common one, so it
 *   discounts exactly the strong, rare signal a collective plants, unlike logistic
 *   regression's L2-regularised optimum or (S)GD's implicit bias. On the tabular
 *   gig-work sample SGD and Adam are within ~0.02 accuracy (0.78 vs 0.80).
 * - mlp: Adam, batch 32, rate 0.02, 16 hidden ReLU units (0.981 accuracy); SGD left the
 *   ReLU layer dead (majority-class accuracy) at every rate tried.
 * - With DP, batches default to 256: the noise is dense (one Gaussian per parameter per
 *   step), so small batches cost many steps, and noise per example shrinks with batch size.
 */
export function resolveNetOptions(spec: LearnerSpec, n: number): NetOptions {
  const isMlp = spec.kind === "mlp";
  const optimizer = spec.optimizer ?? (isMlp ? "adam" : "sgd");
  const defaultBatch = spec.dp !== undefined ? 256 : optimizer === "sgd" ? 4 : 32;
  return {
    epochs: spec.epochs ?? 5,
    batchSize: Math.max(1, Math.min(spec.batchSize ?? defaultBatch, n)),
    learningRate: spec.learningRate ?? (optimizer === "sgd" ? 16 : 0.02),
    hidden: isMlp ? (spec.hidden ?? 16) : 0,
    l2: spec.l2 ?? 0,
    optimizer,
  };
}
