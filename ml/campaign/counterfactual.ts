/**
 * A small naive-Bayes model of P0(y | x) that travels inside a campaign's JSON context.
 * Erase and fairness instructions need a counterfactual label per member; a model this
 * size (a few thousand numbers) lets the web server compute it per request, purely, with
 * no tensors. It is an estimate for instructions, not the firm's learner.
 */
import type { DataSchema, Row } from "../types";
import { tokenize } from "../features";

/** Feature columns the model reads, and what it ignores (the erased field, the group). */
export interface CounterfactualColumns {
  text: string[];
  categorical: string[];
  numeric: string[];
}

export interface CounterfactualModel {
  format: "concert-nb/1";
  classes: string[];
  logPrior: number[];
  columns: CounterfactualColumns;
  /** Quantile cut points per numeric column (same order as columns.numeric). */
  edges: number[][];
  /** Feature key -> per-class log P(feature present | y). */
  features: Record<string, number[]>;
  /** Tokens removed from text before reading it (erase of a token). */
  dropTokens: string[];
}

export interface FitCounterfactualOptions {
  /** Columns to leave out (an erased field, the group column). */
  exclude?: string[];
  /** Tokens to leave out of text (an erased token). */
  dropTokens?: string[];
  /** Most frequent text tokens kept per model (default 2000), to keep the JSON small. */
  maxTokens?: number;
}

const SEP = "\u0001";

function binOf(v: number, edges: readonly number[]): number {
  let b = 0;
  while (b < edges.length && v > (edges[b] ?? 0)) b++;
  return b;
}

/** The distinct feature keys of a row, as the model sees them. */
function rowKeys(
  row: Row,
  m: Pick<CounterfactualModel, "columns" | "edges" | "dropTokens">,
): string[] {
  const keys: string[] = [];
  for (const c of m.columns.categorical) keys.push(`c${SEP}${c}${SEP}${(row[c] ?? "").trim()}`);
  m.columns.numeric.forEach((c, j) => {
    const v = Number((row[c] ?? "").trim());
    if (Number.isFinite(v)) keys.push(`n${SEP}${c}${SEP}${binOf(v, m.edges[j] ?? [])}`);
  });
  const drop = new Set(m.dropTokens.flatMap((t) => tokenize(t)));
  for (const c of m.columns.text) {
    for (const t of new Set(tokenize(row[c] ?? "")))
      if (!drop.has(t)) keys.push(`t${SEP}${c}${SEP}${t}`);
  }
  return keys;
}

/**
 * Fit the model on labelled rows. Deterministic: ties in token frequency are broken by
 * the token's text, classes are sorted.
 */
export function fitCounterfactual(
  rows: readonly Row[],
  schema: DataSchema,
  opts: FitCounterfactualOptions = {},
): CounterfactualModel {
  const exclude = new Set([...(opts.exclude ?? []), schema.label]);
  const columns: CounterfactualColumns = {
    text: schema.text.filter((c) => !exclude.has(c)),
    categorical: schema.categorical.filter((c) => !exclude.has(c)),
    numeric: schema.numeric.filter((c) => !exclude.has(c)),
  };
  const edges = columns.numeric.map((c) => {
    const vals = rows
      .map((r) => Number((r[c] ?? "").trim()))
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    if (vals.length === 0) return [];
    // Quartile cut points: coarse on purpose, the context has to stay small.
    const cuts = [0.25, 0.5, 0.75].map(
      (q) => vals[Math.min(vals.length - 1, Math.floor(q * vals.length))] ?? 0,
    );
    return [...new Set(cuts)];
  });
  const classes = [...new Set(rows.map((r) => (r[schema.label] ?? "").trim()))].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const shape = { columns, edges, dropTokens: opts.dropTokens ?? [] };
  const counts = new Map<string, number[]>();
  const docFreq = new Map<string, number>();
  const perClass = new Array<number>(classes.length).fill(0);
  for (const row of rows) {
    const y = classIndex.get((row[schema.label] ?? "").trim()) ?? 0;
    perClass[y] = (perClass[y] ?? 0) + 1;
    for (const key of rowKeys(row, shape)) {
      let c = counts.get(key);
      if (c === undefined) {
        c = new Array<number>(classes.length).fill(0);
        counts.set(key, c);
      }
      c[y] = (c[y] ?? 0) + 1;
      if (key.startsWith("t")) docFreq.set(key, (docFreq.get(key) ?? 0) + 1);
    }
  }
  const maxTokens = opts.maxTokens ?? 2000;
  const keptTokens = new Set(
    [...docFreq.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxTokens)
      .map(([k]) => k),
  );
  const features: Record<string, number[]> = {};
  for (const [key, c] of [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (key.startsWith("t") && !keptTokens.has(key)) continue;
    // Laplace smoothing on a Bernoulli presence count; rounded to keep the JSON short.
    features[key] = c.map((k, y) => round4(Math.log((k + 1) / ((perClass[y] ?? 0) + 2))));
  }
  const n = rows.length;
  const logPrior = perClass.map((k) => round4(Math.log((k + 1) / (n + classes.length))));
  return {
    format: "concert-nb/1",
    classes,
    logPrior,
    columns,
    edges,
    features,
    dropTokens: shape.dropTokens,
  };
}

function round4(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}

/** Class probabilities for one row, in `model.classes` order. */
export function counterfactualProba(model: CounterfactualModel, row: Row): number[] {
  const score = model.logPrior.slice();
  for (const key of rowKeys(row, model)) {
    const f = model.features[key];
    if (f === undefined) continue;
    for (let y = 0; y < score.length; y++) score[y] = (score[y] ?? 0) + (f[y] ?? 0);
  }
  const max = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - max));
  const z = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / z);
}

/** The most probable label for a row (first class on ties, so it is deterministic). */
export function counterfactualLabel(model: CounterfactualModel, row: Row): string {
  const p = counterfactualProba(model, row);
  let best = 0;
  for (let y = 1; y < p.length; y++) if ((p[y] ?? 0) > (p[best] ?? 0)) best = y;
  return model.classes[best] ?? "";
}
