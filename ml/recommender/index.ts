/**
 * Recommender (sequence) campaigns, issue 12: sequences and their loaders (CSV, Spotify
 * export, synthetic sample), shadow recommenders (co-occurrence, item2vec), insertion
 * strategies, members' instructions and their verification, and the forecast sweep.
 */
export {
  SequenceSetBuilder,
  sequenceSetFromLists,
  sequenceItems,
  sequenceItemIds,
  itemCounts,
  describeSequences,
  type SequenceSet,
} from "./sequence-set";
export { loadSequencesCsv, parseSequencesCsvText, type SequenceColumns } from "./sequences-csv";
export {
  importSpotifyPlaylists,
  importedToSequenceSet,
  type ImportedPlaylist,
  type ImportedTrack,
  type SpotifyImport,
} from "./spotify-import";
export { generateSyntheticPlaylists, type SyntheticPlaylistOptions } from "./synthetic";
export { listSequenceSamples, loadSequenceData, type SequenceSampleInfo } from "./samples";
export { TopK, tieOrder, type SequenceModel, type TrainingData } from "./top-k";
export {
  CooccurrenceModel,
  trainCooccurrence,
  type CooccurrenceOptions,
  type CooccurrenceJson,
} from "./cooccurrence";
export { Item2VecModel, trainItem2Vec, type Item2VecOptions, type Item2VecJson } from "./item2vec";
export { trainSequenceModel, loadSequenceModel } from "./learner";
export {
  INSERTION_STRATEGIES,
  anchorIndex,
  insertionIndex,
  type InsertionStrategy,
  type StrategyContext,
} from "./strategies";
export {
  computeInsertion,
  countItemIds,
  describeInstruction,
  verifyInsertion,
  verifyWithdrawal,
  type InsertionInput,
  type InsertionInstruction,
  type InstructionResult,
  type ItemCountSource,
  type VerifyCode,
  type VerifyResult,
} from "./instruction";
export { buildEvaluationSet, evaluateModel, ndcgAt, type EvaluationSet } from "./evaluate";
export {
  sequenceSpecSchema,
  isSequenceSpec,
  SEQUENCE_SAMPLES,
  DEFAULT_SEQUENCE_ALPHAS,
  type SequenceSpec,
  type SequenceSpecInput,
  type SequenceLearnerSpec,
  type PromoteCampaign,
  type SequencePoint,
  type OtherCollectivePoint,
  type CriticalMass,
  type SequenceSimulationResult,
} from "./spec";
export { amplificationOf, criticalMassOf } from "./aggregate";
export {
  runSequenceSimulation,
  type RunSequenceSimulationOptions,
  type SequenceProgress,
} from "./run-sweep";
