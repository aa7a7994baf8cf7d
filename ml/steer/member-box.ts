/**
 * What one member can report: a box per field (the spec's bounds), the member's own value for
 * fields without bounds. A point is the features in the spec's order, then the label.
 */
import type { SteerLearnerKind } from "./learner";

export interface FieldBounds {
  /** Per field (features, then the label): [low, high], or undefined (keep the own value). */
  bounds: readonly ([number, number] | undefined)[];
  kind: SteerLearnerKind;
  intercept: boolean;
}

export interface MemberBox {
  lo: Float64Array;
  hi: Float64Array;
  /** The label values a member may report: the interval's ends (least squares) or 0/1 (logistic). */
  labelOptions: number[];
}

/** Bounds by column name -> per position (features..., label). */
export function fieldBounds(
  fields: readonly string[],
  label: string,
  bounds: Readonly<Record<string, [number, number]>>,
  kind: SteerLearnerKind,
  intercept: boolean,
): FieldBounds {
  const at = (name: string) => (Object.hasOwn(bounds, name) ? bounds[name] : undefined);
  return { bounds: [...fields.map(at), at(label)], kind, intercept };
}

export function memberBox(own: ArrayLike<number>, fb: FieldBounds): MemberBox {
  const p = fb.bounds.length;
  const lo = new Float64Array(p);
  const hi = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const b = fb.bounds[j];
    lo[j] = b !== undefined ? b[0] : (own[j] ?? 0);
    hi[j] = b !== undefined ? b[1] : (own[j] ?? 0);
  }
  const ylo = lo[p - 1] ?? 0;
  const yhi = hi[p - 1] ?? 0;
  let labelOptions = ylo === yhi ? [ylo] : [ylo, yhi];
  if (fb.kind === "logistic" && ylo !== yhi)
    labelOptions = [0, 1].filter((v) => v >= ylo && v <= yhi);
  return { lo, hi, labelOptions };
}

/** The member's own point moved into the box (a value outside the bounds is not plausible). */
export function clampToBox(own: ArrayLike<number>, box: MemberBox): Float64Array {
  return Float64Array.from(box.lo, (lo, j) => Math.min(box.hi[j] ?? lo, Math.max(lo, own[j] ?? 0)));
}

/** The design row of a point: its features, then 1 for the intercept. */
export function designRow(point: ArrayLike<number>, k: number, intercept: boolean): Float64Array {
  const row = new Float64Array(k + (intercept ? 1 : 0));
  for (let j = 0; j < k; j++) row[j] = point[j] ?? 0;
  if (intercept) row[k] = 1;
  return row;
}
