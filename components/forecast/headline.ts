/**
 * The forecast's view model: what the panel, chart and stress table say, as pure functions of
 * the DTO (unit-tested without a browser). The measure throughout is the share of the rows the
 * campaign must change that it does change (`successOnOthers`), next to the same share with no
 * campaign (alpha 0) and the lift between them. Raw success also counts rows already at the
 * target and rises when the platform's model degrades, so it is only ever a secondary figure.
 */
import type { ForecastDto, ForecastResult, StressTest } from "@/lib/data/forecasts";
import { pct, signedPoints } from "./format";

type Point = ForecastResult["points"][number];

export interface MeasureRow {
  members: number;
  alpha: number;
  /** The measure: rows to change that changed (mean over seeds). */
  moved: number;
  band: [number, number];
  /** Moved here minus with no campaign; null without an alpha 0 in the grid. */
  lift: number | null;
  /** Raw success over all rows (secondary). */
  success: number;
  /** The guarantee restated on the rows to change; null when the result has none. */
  bound: number | null;
  /** The span of the platform models' mean curves here; null with one model. */
  models: [number, number] | null;
}

/** The no-campaign point of the grid (alpha 0), if it ran. */
function baselineOf(points: readonly Point[]): Point | undefined {
  return points.find((p) => p.alpha === 0);
}

/** One row per alpha of the sweep, on the measure's scale. */
export function measureRows(result: ForecastResult, population: number): MeasureRow[] {
  const zero = baselineOf(result.points);
  const band = result.platformModels?.band;
  const span = (alpha: number): [number, number] | null => {
    const b = band?.find((x) => x.alpha === alpha);
    return b && (result.platformModels?.models.length ?? 0) > 1 ? [b.low, b.high] : null;
  };
  return result.points.map((p) => ({
    members: Math.round(p.alpha * population),
    alpha: p.alpha,
    moved: p.successOnOthers.mean,
    band: [Math.max(0, p.successOnOthers.low), Math.min(1, p.successOnOthers.high)],
    lift: p.lift?.mean ?? (zero ? p.successOnOthers.mean - zero.successOnOthers.mean : null),
    success: p.success.mean,
    bound: p.boundOnOthers ?? null,
    models: span(p.alpha),
  }));
}

/** "the linear model 62%, the fastText-like network 31%": each model's mean at one alpha. */
function perModelAt(f: ForecastDto, alpha: number): string {
  const curves = f.result?.platformModels?.models ?? [];
  return curves
    .map((c) => {
      const p = c.points.find((x) => x.alpha === alpha);
      const name = f.platformModels?.models.find((m) => m.kind === c.kind)?.name ?? c.kind;
      return p ? `the ${name} ${pct(p.successOnOthers.mean)}` : null;
    })
    .filter((x): x is string => x !== null)
    .join(", ");
}

export interface Headline {
  /** Where the collective stands (null while fewer than 5 are active). */
  now: MeasureRow | null;
  /** The measure with no campaign (alpha 0); null when the grid has no alpha 0. */
  baseline: number | null;
  /** The grid point with the most rows changed. */
  best: MeasureRow | null;
  /** Share of rows already where the campaign wants them (need no change). */
  alreadyThere: number | null;
  /** The headline in words: the text alternative of the chart's main line too. */
  text: string;
}

const fill = (sentence: string, share: string) => sentence.replace("{share}", share);

/** The headline figures and sentence of a finished forecast, or null without points. */
export function forecastHeadline(f: ForecastDto): Headline | null {
  const result = f.result;
  if (!result || result.points.length === 0) return null;
  const rows = measureRows(result, f.populationSize);
  const alphaNow = f.snapshot.alpha;
  const now =
    alphaNow === null
      ? null
      : ([...rows].sort((a, b) => Math.abs(a.alpha - alphaNow) - Math.abs(b.alpha - alphaNow))[0] ??
        null);
  const best = rows.reduce<MeasureRow | null>((a, b) => (a && a.moved >= b.moved ? a : b), null);
  const zero = baselineOf(result.points);
  const baseline = zero ? zero.successOnOthers.mean : null;
  const change = result.points.find((p) => p.changeShare !== undefined)?.changeShare;
  const alreadyThere = change === undefined ? null : 1 - change;
  const sentence = f.measure.sentence;
  const parts: string[] = [];
  if (now) {
    parts.push(
      `With ${now.members.toLocaleString("en")} active members, ${fill(sentence, pct(now.moved))} (95% band ${pct(now.band[0])}–${pct(now.band[1])}).`,
    );
  } else {
    parts.push("Fewer than 5 members are active.");
  }
  if (baseline !== null) {
    parts.push(`With no campaign: ${pct(baseline)}.`);
    if (now?.lift != null) parts.push(`What the campaign changes: ${signedPoints(now.lift)}.`);
  } else {
    parts.push("No run without a campaign was simulated, so the lift is unknown.");
  }
  const models = f.platformModels;
  if (models) {
    const at = now ?? best;
    if (at?.models) {
      const n = models.models.length;
      const [low, high] = [pct(at.models[0]), pct(at.models[1])];
      const span =
        low === high
          ? `it is ${low} on ${n === 2 ? "both" : `all ${n}`}`
          : `it is between ${low} and ${high} (${perModelAt(f, at.alpha)})`;
      parts.push(
        `Against the ${n} platform models ticked, with ${at.members.toLocaleString("en")} members ${span}; the figures above are the most pessimistic model's, the ${models.drivenBy.name}.`,
      );
    }
  }
  parts.push(`Target: ${pct(f.targetSuccess)} of those rows.`);
  if (best && best !== now) {
    parts.push(
      `Best simulated: ${pct(best.moved)} with ${best.members.toLocaleString("en")} members${best.lift !== null ? ` (${signedPoints(best.lift)} over no campaign)` : ""}.`,
    );
  }
  if (now) {
    parts.push(
      `Raw success over all rows is ${pct(now.success)}${alreadyThere !== null ? `, counting the ${pct(alreadyThere)} already right without any campaign` : ""}.`,
    );
  }
  parts.push(f.noise.note);
  return { now, baseline, best, alreadyThere, text: parts.join(" ") };
}

export interface StressColumn {
  alpha: number;
  members: number;
  /** "25 members": distinct where rounded shares would read alike. */
  label: string;
  /** "0.50% of users", beside the label. */
  share: string;
}

/** The stress table's columns, by active members, from the reference scenario's grid. */
export function stressColumns(stress: readonly StressTest[], population: number): StressColumn[] {
  const reference = stress.find((s) => s.id === "reference");
  return (reference?.points ?? []).map((p) => {
    const members = Math.round(p.alpha * population);
    return {
      alpha: p.alpha,
      members,
      label: `${members.toLocaleString("en")} ${members === 1 ? "member" : "members"}`,
      share: `${Number((p.alpha * 100).toPrecision(2))}% of users`,
    };
  });
}

export interface StressCell {
  /** The measure in this scenario (raw success for forecasts stored before it was kept). */
  moved: number;
  /** Over this scenario's own no-campaign run, or null when that did not run. */
  lift: number | null;
  /** Versus the reference scenario at the same size (null for the reference itself). */
  vsReference: number | null;
}

const movedOf = (p: { success: { mean: number }; successOnOthers?: { mean: number } }) =>
  (p.successOnOthers ?? p.success).mean;

/** One scenario's cells, aligned with `stressColumns`; null when it did not run. */
export function stressCells(
  test: StressTest,
  reference: StressTest | undefined,
): StressCell[] | null {
  if (!test.points) return null;
  const base = test.baseline?.successOnOthers.mean;
  return test.points.map((p, i) => {
    const ref = reference?.points?.[i];
    return {
      moved: movedOf(p),
      lift:
        p.lift?.mean ??
        (base !== undefined && p.successOnOthers ? p.successOnOthers.mean - base : null),
      vsReference: test.id === "reference" || !ref ? null : movedOf(p) - movedOf(ref),
    };
  });
}

/** "With no campaign: 6% moved, raw success 70%", for a scenario with its baseline run. */
export function stressBaselineText(test: StressTest): string | null {
  const b = test.baseline;
  if (!b) return null;
  return `With no campaign: ${pct(b.successOnOthers.mean)} of those rows, raw success ${pct(b.success.mean)}.`;
}
