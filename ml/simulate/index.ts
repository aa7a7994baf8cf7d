/** The collective-action simulator: spec, result, and the run loop over alphas and seeds. */
export * from "./spec";
export {
  runSimulation,
  loadSpecTable,
  type RunSimulationOptions,
  type SimulationProgress,
} from "./run-simulation";
export {
  SimulationPool,
  createSimulationPool,
  simulationWorkerUrl,
  type SimulationPoolOptions,
} from "./pool";
export { tInterval, auditSummary } from "./aggregate";
export { prepareSimulation, seedState, schemaOf } from "./prepare";
export { runOne, memberKeyOf, type RunOutcome } from "./run-one";
export {
  modelBand,
  modelCurve,
  pessimisticIndex,
  platformModelSpecs,
  PLATFORM_MODEL_ORDER,
  type BandPoint,
  type ModelBand,
  type ModelCurve,
  type PlatformModelSpec,
} from "./model-band";
export { runPlatformModels, type BandedResult, type PlatformModelsRun } from "./run-models";
