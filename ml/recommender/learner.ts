/**
 * Train the shadow recommender a spec names, and load a saved one back. An exhaustive switch:
 * a new learner kind is a compile error here until it is handled.
 */
import { assertNever } from "../campaign/schema";
import { CooccurrenceModel, trainCooccurrence, type CooccurrenceJson } from "./cooccurrence";
import { Item2VecModel, trainItem2Vec, type Item2VecJson } from "./item2vec";
import type { SequenceLearnerSpec } from "./spec";
import type { SequenceModel, TrainingData } from "./top-k";

/** Train the learner on the sequences; `seed` drives every random step (item2vec). */
export function trainSequenceModel(
  learner: SequenceLearnerSpec,
  data: TrainingData,
  seed: number,
): SequenceModel {
  switch (learner.kind) {
    case "cooccurrence":
      return trainCooccurrence(data, { window: learner.window, decay: learner.decay });
    case "item2vec":
      return trainItem2Vec(data, {
        dim: learner.dim,
        window: learner.window,
        negatives: learner.negatives,
        epochs: learner.epochs,
        learningRate: learner.learningRate,
        subsample: learner.subsample,
        decay: learner.decay,
        seed,
      });
    default:
      return assertNever(learner);
  }
}

/** A model from its `toJSON()`. */
export function loadSequenceModel(json: CooccurrenceJson | Item2VecJson): SequenceModel {
  switch (json.kind) {
    case "cooccurrence":
      return CooccurrenceModel.fromJSON(json);
    case "item2vec":
      return Item2VecModel.fromJSON(json);
    default:
      return assertNever(json);
  }
}
