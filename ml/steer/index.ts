/**
 * Steering a platform's regression (issue 13): numeric learners, the `neutralize` and `control`
 * strategies, the sweep the CLI and the forecast run, and the per-member instruction.
 */
export {
  steerSpecSchema,
  steerCampaignSchema,
  steerLearnerSchema,
  steerTargetSchema,
  isSteerSpec,
  DEFAULT_STEER_ALPHAS,
  type SteerSpec,
  type SteerSpecInput,
  type SteerCampaign,
  type SteerTarget,
  type SteerLearnerSpec,
} from "./spec";
export type { SteerPoint, SteerResult } from "./result";
export {
  runSteerSweep,
  loadSteerTable,
  type SteerProgress,
  type SteerSweepOptions,
} from "./run-sweep";
export {
  buildSteerContext,
  steerInstruction,
  verifySteer,
  criticalSize,
  type SteerContext,
  type SteerInstruction,
  type SteerChange,
  type CriticalSize,
} from "./instruction";
export { summarizeSteerDesign, type SteerDesignSummary } from "./design-summary";
export { controlNoiseFloor, criticalAlpha, type NoiseFloorInput } from "./theory";
export { generateGigPay, GIG_PAY_COLUMNS } from "./sample";
export type { SteerPlan, SteerRegime } from "./plan";
export type { PushAtom } from "./reachable";
export { steerSpecJsonSchema, STEER_SPEC_FIELD_DESCRIPTIONS } from "./help";
