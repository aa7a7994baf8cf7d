/**
 * Stress tests of a forecast: small, cheap sweeps (few seeds, three alphas around where the
 * collective stands) that each change one assumption of the main forecast, so organizers
 * see how fragile the answer is. Each is compared with a "reference" sweep on the same
 * grid and seeds: perfect execution, the platform model as described, no one else acting.
 *
 * The engine owns what each scenario does to a spec; callers (jobs/) choose which to run.
 */
import type { Table } from "../types";
import { assertNever, type Campaign, type EraseFeature } from "../campaign/schema";
import type { Interval, NoiseSpec, SimulationPoint, SimulationSpec } from "./spec";

export const STRESS_SEEDS = 2;
/** Alphas around where the collective stands. */
export const STRESS_ALPHA_COUNT = 3;
/** Alphas each stress sweep runs: those, plus alpha 0 (the scenario's no-campaign baseline). */
export const STRESS_SWEEP_ALPHAS = STRESS_ALPHA_COUNT + 1;

/** Every scenario the engine knows, in the order they are shown. */
export const STRESS_IDS = ["reference", "noise", "dp", "others"] as const;
export type StressId = (typeof STRESS_IDS)[number];

export interface StressPoint {
  alpha: number;
  success: Interval;
  /** The rows the campaign must change, moved (absent in forecasts stored before it was kept). */
  successOnOthers?: Interval;
  /** `successOnOthers` minus this scenario's own no-campaign baseline (alpha 0), paired by seed. */
  lift?: Interval;
  cleanAccuracy: Interval;
}

/** A scenario with no collective (alpha 0): what the platform model does on its own. */
export interface StressBaseline {
  success: Interval;
  successOnOthers: Interval;
}

export interface StressTest {
  id: StressId;
  label: string;
  description: string;
  /** Null when the scenario did not run (see `skipped` or `error`). Alpha 0 is in `baseline`. */
  points: StressPoint[] | null;
  /** The scenario with no collective at all (absent in forecasts stored before it ran). */
  baseline?: StressBaseline;
  privacy?: { epsilon: number; delta: number };
  skipped?: string;
  error?: string;
}

export interface StressScenario {
  id: StressId;
  label: string;
  description: string;
  /** The reference spec (already on the stress grid) -> this scenario's spec; null: not applicable. */
  apply: ((reference: SimulationSpec, alphaNow: number) => SimulationSpec) | null;
  skipped?: string;
}

/**
 * Three alphas around the collective's position: half, now, double. Before anyone is
 * active the simulated critical mass (or 5%) stands in for "now".
 */
export function stressAlphas(alphaNow: number, criticalMass: number | null | undefined): number[] {
  const center = alphaNow > 0 ? alphaNow : criticalMass && criticalMass > 0 ? criticalMass : 0.05;
  const round = (a: number) => Math.round(Math.min(1, a) * 1e5) / 1e5;
  return [...new Set([round(center / 2), round(center), round(center * 2)])]
    .filter((a) => a > 0)
    .sort((a, b) => a - b);
}

function labelsOf(table: Table, column: string): string[] {
  const counts = new Map<string, number>();
  for (const row of table.rows) {
    const v = row[column];
    if (v !== undefined && v !== "") counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v]) => v);
}

/** The plant that undoes an erase: tie the erased feature to the commonest label. */
function plantAgainstErase(
  feature: EraseFeature,
  spec: SimulationSpec,
  table: Table,
  target: string,
): Campaign | null {
  switch (feature.kind) {
    case "token":
      return {
        goal: "plant",
        strategy: "feature-label",
        target,
        signal: {
          kind: "text",
          token: feature.token,
          placement: "end",
          ...(feature.column ? { column: feature.column } : {}),
        },
      };
    case "field": {
      const value = spec.data.categorical.includes(feature.column)
        ? labelsOf(table, feature.column)[0]
        : undefined;
      return value === undefined
        ? null
        : {
            goal: "plant",
            strategy: "feature-label",
            target,
            signal: { kind: "field", column: feature.column, value },
          };
    }
    default:
      return assertNever(feature);
  }
}

/** A second collective whose goal conflicts with this campaign's, or null when none fits. */
export function conflictingCampaign(
  campaign: Campaign,
  spec: SimulationSpec,
  table: Table,
): Campaign | null {
  const labels = labelsOf(table, spec.data.label);
  switch (campaign.goal) {
    case "plant": {
      // Same signal, another label: the two collectives pull the signal apart.
      const other = labels.find((l) => l !== campaign.target);
      return other === undefined
        ? null
        : { goal: "plant", strategy: campaign.strategy, target: other, signal: campaign.signal };
    }
    case "fairness": {
      const group = campaign.group ?? spec.data.group;
      const other =
        group === undefined
          ? undefined
          : labelsOf(table, group).find((g) => g !== campaign.minority);
      return group === undefined || other === undefined
        ? null
        : { goal: "fairness", group, minority: other, method: campaign.method };
    }
    case "erase": {
      // The other collective plants what this one erases, tying it to the commonest label.
      const target = labels[0];
      return target === undefined ? null : plantAgainstErase(campaign.feature, spec, table, target);
    }
    default:
      return assertNever(campaign);
  }
}

/** Coordination noise assumed when no measured rate may be used. */
export const ASSUMED_NOISE = 0.1;

/**
 * The misexecution rate the noise stress test uses, and why, from the measured rate (null:
 * fewer than 5 members tried to confirm, whether none or a few, so the words reveal nothing).
 * A measured rate above 0 is used as it is; a measured 0 (or none) gives way to the assumed
 * 10%, a pessimistic check. The forecast DTO words its noise note from this same function.
 */
export function stressNoise(measured: number | null): {
  rate: number;
  basis: "measured" | "pessimistic" | "assumed";
} {
  if (measured === null) return { rate: ASSUMED_NOISE, basis: "assumed" };
  if (measured > 0) return { rate: Math.min(measured, 0.9), basis: "measured" };
  return { rate: ASSUMED_NOISE, basis: "pessimistic" };
}

/** "10%", "12.3%": the dashboard shows one decimal, integers need none. */
const pctOf = (v: number) => `${Number((v * 100).toFixed(1))}%`;
/** How the noise scenario's members misexecute. */
export const STRESS_NOISE_MODE: NoiseSpec["mode"] = "wrong-label";

/** What a share of members does under a noise mode, for the scenario's description. */
function noiseAction(mode: NoiseSpec["mode"]): string {
  switch (mode) {
    case "wrong-label":
      return "submit the wrong label";
    case "corrupt-signal":
      return "get the signal wrong";
    case "skip":
      return "do not act at all";
    default:
      return assertNever(mode);
  }
}

function describeCampaign(c: Campaign): string {
  switch (c.goal) {
    case "plant":
      return `it plants ${c.signal.kind === "text" ? `"${c.signal.token}"` : `${c.signal.column} = ${c.signal.value}`} towards "${c.target}"`;
    case "fairness":
      return `it relabels for group "${c.minority}"`;
    case "erase":
      return "it erases a feature";
    default:
      return assertNever(c);
  }
}

/** What one scenario needs to know about the forecast it stresses. */
export interface StressContext {
  spec: SimulationSpec;
  table: Table;
  /**
   * The misexecution rate measured from at least 5 members who tried to confirm (0 included),
   * or null: then the noise scenario assumes 10% and says so (the same words whether nobody
   * or a few people tried, so the label reveals nothing). See `stressNoise`.
   */
  measuredNoise: number | null;
}

/** One scenario by id. */
export function stressScenario(id: StressId, ctx: StressContext): StressScenario {
  const { spec, table } = ctx;
  switch (id) {
    case "reference":
      return {
        id,
        label: "Reference",
        description:
          "Every member follows their instruction; the platform model as described; no other collective.",
        apply: (ref) => ref,
      };
    case "noise": {
      const { rate, basis } = stressNoise(ctx.measuredNoise);
      const action = noiseAction(STRESS_NOISE_MODE);
      const used = pctOf(rate);
      const label =
        basis === "measured"
          ? `Measured misexecution (${used})`
          : basis === "pessimistic"
            ? `Misexecution ${used} (pessimistic check)`
            : `Misexecution ${used} (assumed)`;
      const why =
        basis === "measured"
          ? `the rate measured from the members who tried to confirm (at least 5).`
          : basis === "pessimistic"
            ? `measured 0% from at least 5 members who tried to confirm, so this test assumes ${used} as a pessimistic check.`
            : `an assumption, as fewer than 5 members have tried to confirm, so no rate is measured yet.`;
      return {
        id,
        label,
        description: `${used} of participating members ${action}: ${why}`,
        apply: (ref) => ({ ...ref, noise: { p: rate, mode: STRESS_NOISE_MODE } }),
      };
    }
    case "dp": {
      const learner = spec.learner;
      if (learner.kind === "bayes") {
        return {
          id,
          label: "DP-SGD",
          description: "Differentially private training of the platform model.",
          apply: null,
          skipped: "Not applicable: a naive Bayes model is not trained by gradient descent.",
        };
      }
      const dpOn = learner.dp !== undefined;
      return {
        id,
        label: dpOn ? "DP-SGD off" : "DP-SGD on",
        description: dpOn
          ? "The platform trains without differential privacy (the campaign assumes it uses DP-SGD)."
          : "The platform trains with DP-SGD (clip 1, noise multiplier 1.1), which blunts rare signals.",
        apply: (ref) => {
          const { dp: _dp, ...rest } = ref.learner;
          return {
            ...ref,
            learner: dpOn ? rest : { ...rest, dp: { clip: 1, noiseMultiplier: 1.1, delta: 1e-5 } },
          };
        },
      };
    }
    case "others": {
      const other = conflictingCampaign(spec.campaign, spec, table);
      if (other === null) {
        return {
          id,
          label: "Another collective",
          description: "A second collective acting at the same time with a conflicting goal.",
          apply: null,
          skipped: "No conflicting goal fits this campaign's data.",
        };
      }
      return {
        id,
        label: "Another collective, conflicting goal",
        description: `A second collective of the same size acts at the same time: ${describeCampaign(other)}.`,
        apply: (ref, alphaNow) => ({
          ...ref,
          // The middle of the grid around "now" (alpha 0 is the baseline, not a size).
          others: [
            {
              alpha: Math.max(alphaNow, ref.alphas.filter((a) => a > 0)[1] ?? 0.01),
              campaign: other,
            },
          ],
        }),
      };
    }
    default:
      return assertNever(id);
  }
}

/** The scenarios for a forecast, in the order of `ids` (default: all of them). */
export function stressScenarios(
  spec: SimulationSpec,
  table: Table,
  measuredNoise: number | null,
  ids: readonly StressId[] = STRESS_IDS,
): StressScenario[] {
  return ids.map((id) => stressScenario(id, { spec, table, measuredNoise }));
}

/**
 * The reference spec: the main spec on the stress grid plus alpha 0 (each scenario's own
 * no-campaign baseline: a heavily private model drifts towards random labels and raises raw
 * success with no collective at all), fewer seeds, no noise, no others.
 */
export function referenceSpec(spec: SimulationSpec, alphas: number[]): SimulationSpec {
  const { noise: _noise, ...rest } = spec;
  const grid = [0, ...alphas.filter((a) => a > 0)];
  return { ...rest, alphas: grid, seeds: Math.min(STRESS_SEEDS, spec.seeds), others: [] };
}

/** A stress sweep's result split into its baseline (alpha 0) and the points around "now". */
export function stressPointsOf(points: readonly SimulationPoint[]): {
  points: StressPoint[];
  baseline?: StressBaseline;
} {
  const zero = points.find((p) => p.alpha === 0);
  return {
    points: points
      .filter((p) => p.alpha > 0)
      .map((p) => ({
        alpha: p.alpha,
        success: p.success,
        successOnOthers: p.successOnOthers,
        ...(p.lift ? { lift: p.lift } : {}),
        cleanAccuracy: p.cleanAccuracy,
      })),
    ...(zero ? { baseline: { success: zero.success, successOnOthers: zero.successOnOthers } } : {}),
  };
}
