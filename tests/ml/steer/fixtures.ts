/** Seeded numeric tables for the steering tests (no files: generated in memory). */
import { createRng } from "@/core/random";
import type { Table } from "@/ml/types";
import { steerSpecSchema, type SteerSpec, type SteerSpecInput } from "@/ml/steer";

/** x ~ N(0, 1), y = slope * x + noise * N(0, 1): the closed-form case of science.md 2.3. */
export function lineTable(rows: number, seed = 1, noise = 0.1, slope = 1): Table {
  const rng = createRng(seed);
  const out = [];
  for (let i = 0; i < rows; i++) {
    const x = rng.normal();
    out.push({ x: String(x), y: String(slope * x + noise * rng.normal()) });
  }
  return { columns: ["x", "y"], rows: out };
}

/** Two features, a 0/1 label drawn from a logistic model with weights (1, -0.5), intercept 0.2. */
export function logisticTable(rows: number, seed = 5): Table {
  const rng = createRng(seed);
  const out = [];
  for (let i = 0; i < rows; i++) {
    const a = rng.normal();
    const b = rng.normal();
    const p = 1 / (1 + Math.exp(-(a - 0.5 * b + 0.2)));
    out.push({ a: String(a), b: String(b), y: rng.next() < p ? "yes" : "no" });
  }
  return { columns: ["a", "b", "y"], rows: out };
}

/** The 1-D spec: no intercept, target weight 2, x in [-1, 1], y in [-11, 11]. */
export function lineSpec(over: Partial<SteerSpecInput> = {}): SteerSpec {
  return steerSpecSchema.parse({
    data: { path: "line.csv", label: "y", numeric: ["x"] },
    learner: { kind: "least-squares", intercept: false },
    campaign: {
      goal: "steer",
      target: { weights: { x: 2 } },
      bounds: { x: [-1, 1], y: [-11, 11] },
      strategy: "neutralize",
    },
    alphas: [0.05, 0.1],
    seeds: 2,
    ...over,
  });
}
