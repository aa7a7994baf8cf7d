/**
 * The result of a steering sweep: per alpha, the fitted parameters against the target, with
 * means and 95% t-intervals over seeds; the theory (critical size, noise floor) kept apart.
 */
import type { Interval } from "../simulate/spec";
import type { SteerRegime } from "./plan";

export interface SteerPoint {
  alpha: number;
  /** round(alpha * nTrain) members among the training rows. */
  collectiveSize: number;
  /** ||theta_fit - theta*|| over all parameters (weights and intercept). */
  parameterDistance: Interval;
  /** Each fitted weight, by field. */
  weights: Record<string, Interval>;
  intercept?: Interval;
  /** The fitted model's prediction for the target profile (prediction targets). */
  prediction?: Interval;
  /** Share of seeds whose fit is within the tolerance of theta* (relative to ||theta*||). */
  success: Interval;
  /** Mean squared error (least squares) or log-loss (logistic) on the held-out base rows. */
  cleanLoss: Interval;
  /** Share of the seeds per regime of the collective's plan (plan.ts). */
  regimes: Partial<Record<SteerRegime | "none", number>>;
  /** Mean distance between a member's own record and the point they report. */
  meanChange: Interval;
}

export interface SteerResult {
  goal: "steer";
  strategy: "neutralize" | "control";
  learner: "least-squares" | "logistic";
  target: { weights: Record<string, number>; intercept?: number; prediction?: number };
  /** The platform's model on all rows without a campaign. */
  baseFit: { weights: Record<string, number>; intercept?: number; prediction?: number };
  points: SteerPoint[];
  criticalMass: {
    /**
     * alpha_crit = ||g0|| / (C + ||g0||) from the data and the bounds; null: cannot steer.
     * Exact with one field; with more, a lower bound (see `planned`).
     */
    theoretical: number | null;
    /**
     * Smallest share at which population rows standing in for members can cancel the base
     * gradient with the collective's actual plan (deterministic, no training); null: none can.
     */
    planned: number | null;
    /** Smallest alpha of the grid whose mean parameterDistance is within the tolerance; null: none. */
    simulated: number | null;
    baseGradientNorm: number;
    /** C: the strongest push a member can make along the need (projected on it). */
    maxPush: number;
  };
  /** `control`: E||theta_T - theta*||^2 from the contraction and the DP noise (theory). */
  noiseFloor?: {
    expectedSquaredDistance: number;
    initialDistance: number;
    steps: number;
    learningRate: number;
    pull: number;
  };
  privacy?: { epsilon: number; delta: number };
  tolerance: number;
  seconds: number;
  interval: "t-95";
  runs: number;
  nTrain: number;
  nTest: number;
}
