/**
 * From per-run outcomes to the result: means with 95% t-intervals over seeds, theoretical
 * bounds from the audit, the critical mass for a target success.
 */
import { assertNever, type PlantCampaign, type Signal } from "../campaign/schema";
import type { CampaignAudit } from "../campaign/audit";
import { erasureBound, mixtureBound, type MixtureComponent } from "../theory";
import type { Interval, SimulationPoint, SimulationResult, SimulationSpec } from "./spec";
import type { RunOutcome } from "./run-one";

// Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom.
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
];

/**
 * Mean and 95% t-interval over seeds, clamped to [0, 1] (all our figures are rates).
 * With one seed the interval collapses to the mean.
 */
export function tInterval(values: readonly number[], range: [number, number] = [0, 1]): Interval {
  const n = values.length;
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, low: mean, high: mean };
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const t = T975[n - 2] ?? 1.96;
  const half = (t * Math.sqrt(variance)) / Math.sqrt(n);
  return { mean, low: Math.max(range[0], mean - half), high: Math.min(range[1], mean + half) };
}

/**
 * A bound on raw success restated on the rows to change (a share `c` of the rows): the
 * rows already at the target give at most `1 - c` of success, so the rest is at least
 * `(bound - (1 - c)) / c`. Undefined when no row needs changing.
 */
export function boundOnRowsToChange(bound: number, changeShare: number): number | undefined {
  if (!(changeShare > 0)) return undefined;
  return Math.min(1, Math.max(0, (bound - (1 - changeShare)) / changeShare));
}

export type AuditSummary = SimulationResult["audit"];

/** The simulation result's audit summary, from the one campaign audit (ml/campaign/audit.ts). */
export function auditSummary(audit: CampaignAudit): AuditSummary {
  switch (audit.goal) {
    case "plant":
      return {
        xi: audit.xi,
        delta: audit.delta,
        deltaSource: audit.deltaSource,
        piStar: audit.piStar,
        suggestions: audit.suggestions,
      };
    case "erase":
      return { xi: 0, delta: 0, expectedGap: audit.expectedGap };
    case "fairness":
      // The planting quantities do not apply to relabeling the minority.
      return { xi: 0, delta: 0 };
    default:
      return assertNever(audit);
  }
}

function sameSignal(a: Signal, b: Signal): boolean {
  if (a.kind === "text" && b.kind === "text")
    return a.token.toLowerCase() === b.token.toLowerCase();
  if (a.kind === "field" && b.kind === "field") return a.column === b.column && a.value === b.value;
  return false;
}

/**
 * The planting guarantee for one alpha through the general mixture bound (science.md 2.5):
 * the collective's own weight shrinks with feature-only (x pi*), variants (/K) and noisy
 * members; the base distribution, wrong-label members and conflicting collectives compete.
 */
function plantBound(
  alpha: number,
  spec: SimulationSpec,
  campaign: PlantCampaign,
  audit: AuditSummary,
  nClasses: number,
): number {
  const piStar = campaign.strategy === "feature-only" ? (audit.piStar ?? 1) : 1;
  const k = Math.max(1, campaign.variants?.length ?? 1);
  const p = spec.noise?.p ?? 0;
  let own = (alpha * piStar * (1 - p)) / k;
  const components: MixtureComponent[] = [
    { beta: 1 - alpha * piStar, gap: audit.delta * audit.xi },
  ];
  if (spec.noise?.mode === "wrong-label")
    components.push({ beta: (alpha * piStar * p) / k, gap: 1 / Math.max(1, nClasses - 1) });
  for (const o of spec.others) {
    if (o.campaign.goal !== "plant" || !sameSignal(o.campaign.signal, campaign.signal)) continue;
    // Same signal: a shared target adds up, a conflicting one competes with its whole mass.
    if (o.campaign.target === campaign.target) own += o.alpha;
    else components.push({ beta: o.alpha, gap: 1 });
  }
  return mixtureBound(own, components);
}

/**
 * Smallest alpha whose bound reaches the target, by bisection (the bounds rise with alpha).
 * It is the closed form `Delta*xi / (1 - S_t + Delta*xi)` without noise or other collectives,
 * and accounts for them (and for feature-only, variants) otherwise. Null when even alpha = 1 fails.
 */
function smallestAlpha(boundAt: (alpha: number) => number, target: number): number | null {
  if (boundAt(1e-12) >= target) return 0;
  if (boundAt(1) < target) return null;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (boundAt(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Gather runs into points, bounds and the critical mass. */
export function aggregate(
  spec: SimulationSpec,
  outcomes: readonly RunOutcome[],
  audit: AuditSummary,
  nClasses: number,
): Pick<SimulationResult, "points" | "criticalMass" | "privacy"> {
  const campaign = spec.campaign;
  // The no-campaign baseline, per seed: each run's lift is against the same split's alpha 0.
  const zeroIndex = spec.alphas.indexOf(0);
  const baselineBySeed = new Map(
    outcomes.filter((o) => o.alphaIndex === zeroIndex).map((o) => [o.seedIndex, o]),
  );
  // The test split depends on the seed only, so this share is the same at every alpha.
  const changeShare =
    outcomes.length > 0 ? outcomes.reduce((a, o) => a + o.changeShare, 0) / outcomes.length : 0;
  const points: SimulationPoint[] = spec.alphas.map((alpha, a) => {
    const runs = outcomes
      .filter((o) => o.alphaIndex === a)
      .sort((x, y) => x.seedIndex - y.seedIndex);
    const point: SimulationPoint = {
      alpha,
      collectiveSize: runs[0]?.collectiveSize ?? 0,
      success: tInterval(runs.map((r) => r.success)),
      successOnOthers: tInterval(runs.map((r) => r.successOnOthers)),
      changeShare: tInterval(runs.map((r) => r.changeShare)).mean,
      cleanAccuracy: tInterval(runs.map((r) => r.cleanAccuracy)),
    };
    if (zeroIndex >= 0) {
      const lifts = runs.flatMap((r) => {
        const zero = baselineBySeed.get(r.seedIndex);
        return zero === undefined ? [] : [r.successOnOthers - zero.successOnOthers];
      });
      if (lifts.length > 0) point.lift = tInterval(lifts, [-1, 1]);
    }
    switch (campaign.goal) {
      case "plant":
        point.bound = plantBound(alpha, spec, campaign, audit, nClasses);
        break;
      case "erase":
        point.bound = erasureBound(alpha, audit.expectedGap ?? 0);
        break;
      case "fairness": {
        const fair = runs.map((r) => r.fairness).filter((f) => f !== undefined);
        const first = fair[0];
        if (first !== undefined) {
          point.fairness = {
            demographicParityDiff: tInterval(fair.map((f) => f.demographicParityDiff)),
            equalizedOddsDiff: tInterval(fair.map((f) => f.equalizedOddsDiff)),
            favorable: first.favorable,
          };
        }
        break;
      }
      default:
        assertNever(campaign);
    }
    if (point.bound !== undefined) {
      const onOthers = boundOnRowsToChange(point.bound, changeShare);
      if (onOthers !== undefined) point.boundOnOthers = onOthers;
    }
    return point;
  });
  const out: Pick<SimulationResult, "points" | "criticalMass" | "privacy"> = { points };
  const target = spec.targetSuccess;
  if (target !== undefined && campaign.goal !== "fairness") {
    // The target is for the rows the campaign must change (science.md 3.5), not raw success.
    const reached = points.filter((p) => p.successOnOthers.mean >= target).map((p) => p.alpha);
    const boundAt = (alpha: number) =>
      campaign.goal === "plant"
        ? plantBound(alpha, spec, campaign, audit, nClasses)
        : erasureBound(alpha, audit.expectedGap ?? 0);
    // boundOnOthers >= target  <=>  bound >= (1 - c) + c * target.
    out.criticalMass = {
      targetSuccess: target,
      simulated: reached.length > 0 ? Math.min(...reached) : null,
      theoretical:
        changeShare > 0 ? smallestAlpha(boundAt, 1 - changeShare + changeShare * target) : null,
    };
  }
  const privacy = outcomes.find((o) => o.privacy !== undefined)?.privacy;
  if (privacy !== undefined) out.privacy = privacy;
  return out;
}
