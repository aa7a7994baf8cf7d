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
