/**
 * What the app asks of the engine for a steering campaign: a plan for the expected collective
 * (`buildSteerContext`, JSON to store with the campaign), one member's computed record
 * (`steerInstruction`), the check of what they reported (`verifySteer`) and the critical size.
 * A member's point depends only on their own record and the stored plan (plan.ts).
 */
import { createRng, deriveSeed, hashString, shuffled } from "../../core/random";
import { assertNever } from "../campaign/schema";
import { EngineInputError } from "../data/errors";
import type { Table } from "../types";
import { planTowards } from "./plan-path";
import { pointFor, type SteerPlan, type SteerRegime } from "./plan";
import { fieldBounds } from "./member-box";
import { ownPoint, prepareSteer, steerTheory } from "./prepare";
import { namedParameters } from "./target";
import { meanGradient } from "./theory";
import { lossHessian, type SteerLearnerKind } from "./learner";
import type { SteerSpec } from "./spec";

export interface SteerContext {
  kind: SteerLearnerKind;
  intercept: boolean;
  fields: string[];
  label: string;
  bounds: Record<string, [number, number]>;
  /** The collective's share of the platform's data the plan was made for. */
  alpha: number;
  plan: SteerPlan;
  target: { weights: Record<string, number>; intercept?: number };
  criticalAlpha: number | null;
}

/**
 * Plans the collective for a share `alpha` of the platform's data: round(alpha * n) rows of the
 * table, drawn with `seed`, stand in for the members; the rest for the base (the table is the
 * collective's view of the platform's users).
 */
export function buildSteerContext(
  spec: SteerSpec,
  table: Table,
  options: { alpha: number; seed?: number },
): SteerContext {
  const model = prepareSteer(spec, table);
  const { records, fb, thetaStar, population } = model;
  const n = records.n;
  const m = Math.min(n, Math.max(1, Math.round(options.alpha * n)));
  const standIns = shuffled(
    Array.from({ length: n }, (_, i) => i),
    createRng(deriveSeed(options.seed ?? spec.seed, "stand-ins")),
  ).slice(0, m);
  const needAt = (theta: Float64Array) =>
    meanGradient(fb, theta, population.x, population.y, population.n, model.clip).map(
      (v) => -v * (n - m),
    );
  const plan = planTowards(
    fb,
    standIns.map((r) => ownPoint(records, r)),
    model.baseFit,
    thetaStar,
    needAt,
    lossHessian(model.kind, thetaStar, population),
  );
  return {
    kind: model.kind,
    intercept: model.layout.intercept,
    fields: [...records.fields],
    label: records.label,
    bounds: { ...spec.campaign.bounds },
    alpha: options.alpha,
    plan: { regime: plan.regime, t: plan.t, w: plan.w, atoms: plan.atoms, theta: plan.theta },
    target: namedParameters(model.layout, thetaStar),
    criticalAlpha: steerTheory(model).alpha,
  };
}

export interface SteerChange {
  field: string;
  from: number;
  to: number;
}

export interface SteerInstruction {
  /** Every field to report (features and the label), changed or not. */
  point: Record<string, number>;
  changes: SteerChange[];
  regime: SteerRegime;
  bounds: Record<string, [number, number]>;
  /** Decimals the values were rounded to (verification allows half a unit of the last one). */
  decimals?: number;
  explanation: string;
}

function readNumber(record: Readonly<Record<string, number | string>>, field: string): number {
  const raw = Object.hasOwn(record, field) ? record[field] : undefined;
  const value =
    typeof raw === "number" ? raw : raw === undefined || raw.trim() === "" ? NaN : Number(raw);
  if (!Number.isFinite(value))
    throw new EngineInputError(`"${field}" needs a number`, { column: field });
  return value;
}

/** Why these numbers, in the plan's own terms (the app shows it with the instruction). */
function explain(ctx: SteerContext, changes: readonly SteerChange[]): string {
  const { regime, t } = ctx.plan;
  if (changes.length === 0)
    return "Your own numbers already do what the campaign needs: report them as they are.";
  const list = changes.map((c) => `${c.field} ${c.to} instead of ${c.from}`).join(", ");
  const share = `${Math.round(t * 100)}%`;
  const features =
    t > 0
      ? `Changing ${ctx.label} alone is not enough, so every member also moves ${share} of the way towards the numbers that pull the model hardest; the rest of your record stays yours.`
      : `Each member changes ${ctx.label} by the smallest amount that, added up over the collective, does the job; your other numbers stay as they are.`;
  switch (regime) {
    case "exact":
      return `Report ${list}. Together the members' numbers make the platform's fit land on the target. ${features}`;
    case "partial":
      return `Report ${list}. The collective is still below its critical size: together the members' numbers move the platform's fit as far towards the target as they can, without overshooting. ${features}`;
    case "push":
      return `Report ${list}. The collective is still below its critical size, so every member moves ${share} of the way towards the numbers, within the bounds, that pull the platform's model hardest towards the target.`;
    default:
      return assertNever(regime);
  }
}

/**
 * One member's computed record. `key` (e.g. the member id) decides which push the member makes
 * when the plan mixes several, and the 0/1 rounding of a logistic label: the same member always
 * gets the same instruction, and members spread over the mix in its proportions. `decimals`
 * rounds the reported values (people report round numbers), staying within the bounds.
 */
export function steerInstruction(
  ctx: SteerContext,
  record: Readonly<Record<string, number | string>>,
  options: { key?: string; decimals?: number } = {},
): SteerInstruction {
  const all = [...ctx.fields, ctx.label];
  const own = Float64Array.from(all, (f) => readNumber(record, f));
  const fb = fieldBounds(ctx.fields, ctx.label, ctx.bounds, ctx.kind, ctx.intercept);
  const rng = createRng(hashString(options.key ?? ""));
  const point = pointFor(fb, ctx.plan, own, rng.next());
  const k = ctx.fields.length;
  if (ctx.kind === "logistic") {
    const y = point[k] ?? 0;
    if (y > 0 && y < 1) point[k] = rng.next() < y ? 1 : 0;
  }
  const round = (v: number, j: number) => {
    if (options.decimals === undefined) return v;
    const f = 10 ** options.decimals;
    const b = fb.bounds[j];
    let r = Math.round(v * f) / f;
    if (b !== undefined)
      r = Math.min(Math.floor(b[1] * f) / f, Math.max(Math.ceil(b[0] * f) / f, r));
    return r;
  };
  const values = Array.from(point, (v, j) => round(v, j));
  const changes = all.flatMap((field, j) =>
    values[j] !== own[j] ? [{ field, from: own[j] ?? 0, to: values[j] ?? 0 }] : [],
  );
  return {
    point: Object.fromEntries(all.map((f, j) => [f, values[j] ?? 0])),
    changes,
    regime: ctx.plan.regime,
    bounds: Object.fromEntries(
      all.flatMap((f) => (ctx.bounds[f] !== undefined ? [[f, ctx.bounds[f]]] : [])),
    ),
    ...(options.decimals !== undefined ? { decimals: options.decimals } : {}),
    explanation: explain(ctx, changes),
  };
}

/** What is wrong with a reported record against its instruction; empty when it matches. */
export function verifySteer(
  instruction: SteerInstruction,
  reported: Readonly<Record<string, number | string>>,
): string[] {
  const problems: string[] = [];
  const slack = instruction.decimals !== undefined ? 0.5 * 10 ** -instruction.decimals : 0;
  for (const [field, expected] of Object.entries(instruction.point)) {
    const raw = Object.hasOwn(reported, field) ? reported[field] : undefined;
    const value =
      typeof raw === "number" ? raw : raw === undefined || raw.trim() === "" ? NaN : Number(raw);
    if (raw === undefined) {
      problems.push(`${field} is missing`);
      continue;
    }
    if (!Number.isFinite(value)) {
      problems.push(`${field} is not a number: "${String(raw)}"`);
      continue;
    }
    const bound = instruction.bounds[field];
    if (bound !== undefined && (value < bound[0] || value > bound[1]))
      problems.push(`${field} ${value} is outside [${bound[0]}, ${bound[1]}]`);
    if (Math.abs(value - expected) > slack + 1e-9 * Math.max(1, Math.abs(expected)))
      problems.push(`${field}: reported ${value}, the instruction says ${expected}`);
  }
  return problems;
}

export interface CriticalSize {
  /** alpha_crit = ||g0|| / (C + ||g0||), a share of the platform's data; null: cannot steer. */
  alpha: number | null;
  /** The share the collective's actual plan needs (prepare.ts); the realistic number. */
  planned: number | null;
  /** Members needed for a platform of `population` users: ceil(planned * population). */
  members?: number;
  baseGradientNorm: number;
  maxPush: number;
}

/** The critical size of a steering campaign (science.md 2.3), for the designer before launch. */
export function criticalSize(spec: SteerSpec, table: Table, population?: number): CriticalSize {
  const theory = steerTheory(prepareSteer(spec, table));
  return {
    alpha: theory.alpha,
    planned: theory.planned,
    ...(population !== undefined && theory.planned !== null
      ? { members: Math.ceil(theory.planned * population) }
      : {}),
    baseGradientNorm: theory.baseGradientNorm,
    maxPush: theory.maxPush,
  };
}
