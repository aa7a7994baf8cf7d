/**
 * Learners for the engine: `linear` (softmax regression over sparse ids, an embedding
 * bag), `mlp` (one hidden layer, fastText-like), `bayes` (plug-in majority per feature
 * vector), `fasttext` (averaged unigram+bigram embeddings, linear softmax output, sparse
 * SGD as fastText), with DP-SGD, just-train-twice reweighting and a Rényi-DP accountant.
 */
export { train, loadModel, jttWeights, type TrainNetOptions } from "./train";
export { type GradientEngine } from "./net-train";
export { resolveNetOptions, type NetOptions } from "./net-defaults";
export {
  computeEpsilon,
  computeEpsilonDetailed,
  rdpSampledGaussian,
  DEFAULT_ORDERS,
  type EpsilonQuery,
} from "./rdp-accountant";
export { rowKey } from "./bayes";
export { argmaxRows } from "./net-model";
export { fastTextRate, resolveFastTextOptions } from "./fasttext-train";
export { initBackend, type BackendName } from "../backend";
