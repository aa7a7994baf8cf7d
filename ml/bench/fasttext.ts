/**
 * The `fasttext` learner beside the real fastText (Debian's `fasttext` binary, when on
 * PATH) on SpamAssassin, token "zq" after every 10th word, feature-label, target "ham":
 * the same modified training set and signalled test set per (alpha, seed) as the
 * simulator builds (science.md 3; noise-free members, as the bench spec has no noise),
 * and successOnOthers computed the same way (share of test spam predicted "ham").
 * The binary is a bench-time peer only, never a runtime dependency.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Row, Table } from "../types";
import { applySignal, applyStrategy, memberSignal } from "../campaign";
import { tokenize } from "../features/tokenize";
import {
  memberKeyOf,
  prepareSimulation,
  runSimulation,
  seedState,
  simulationSpecSchema,
  type SimulationSpecInput,
} from "../simulate";

const ALPHAS = [0.002, 0.005, 0.01, 0.02, 0.05];
/** fastText's settings the `fasttext` learner's defaults mirror. */
const FASTTEXT_ARGS = [
  "-epoch",
  "5",
  "-lr",
  "0.5",
  "-wordNgrams",
  "2",
  "-dim",
  "16",
  "-thread",
  "1",
];

function specFor(kind: "fasttext" | "linear" | "mlp", seeds: number): SimulationSpecInput {
  return {
    data: { sample: "spam-assassin", label: "label", text: ["text"] },
    testFraction: 0.2,
    learner: { kind },
    campaign: {
      goal: "plant",
      strategy: "feature-label",
      target: "ham",
      signal: { kind: "text", token: "zq", placement: "every", every: 10 },
    },
    alphas: ALPHAS,
    seeds,
  };
}

function hasFastText(): boolean {
  const r = spawnSync("fasttext", ["predict"], { encoding: "utf8" });
  return r.error === undefined;
}

function fastTextLine(row: Row, label: string, text: readonly string[]): string {
  const words = text.flatMap((c) => tokenize(row[c] ?? ""));
  return `__label__${label} ${words.join(" ")}`;
}

function run(args: string[]): string {
  const r = spawnSync("fasttext", args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0) throw new Error(`fasttext ${args[0] ?? ""} failed: ${r.stderr}`);
  return r.stdout;
}

/** Per alpha, one value per seed: successOnOthers and clean test accuracy. */
export interface RealFastTextCurve {
  others: number[][];
  accuracy: number[][];
}

/**
 * successOnOthers and clean accuracy of the real fastText per alpha and seed, trained on
 * the data the simulator would build for the same spec, alpha and seed.
 */
export function realFastTextCurve(table: Table, seeds: number): RealFastTextCurve {
  const spec = simulationSpecSchema.parse(specFor("fasttext", seeds));
  const prep = prepareSimulation(spec, table);
  const { schema, rows, classes } = prep;
  const campaign = spec.campaign;
  if (campaign.goal !== "plant") throw new Error("bench campaign must plant");
  const dir = mkdtempSync(join(tmpdir(), "concert-fasttext-"));
  const out = ALPHAS.map(() => [] as number[]);
  const accuracy = ALPHAS.map(() => [] as number[]);
  try {
    for (let s = 0; s < seeds; s++) {
      const state = seedState(prep, s);
      const testRows = state.test.map((i) => rows[i] ?? {});
      const signalled = testRows.map((r, k) =>
        applySignal(r, memberSignal(campaign, `test:${state.test[k] ?? k}`).signal, schema),
      );
      const testFile = join(dir, "test.txt");
      writeFileSync(testFile, signalled.map((r) => fastTextLine(r, "x", schema.text)).join("\n"));
      const cleanFile = join(dir, "clean.txt");
      writeFileSync(cleanFile, testRows.map((r) => fastTextLine(r, "x", schema.text)).join("\n"));
      const truth = testRows.map((r) => (r[schema.label] ?? "").trim());
      ALPHAS.forEach((alpha, a) => {
        const m = Math.min(state.collectiveOrder.length, Math.round(alpha * prep.nTrain));
        const modified = new Map<number, Row>();
        for (let k = 0; k < m; k++) {
          const i = state.collectiveOrder[k] ?? 0;
          modified.set(i, applyStrategy(rows[i] ?? {}, campaign, memberKeyOf(i), state.context));
        }
        const lines = state.train.map((i) => {
          const r = modified.get(i) ?? rows[i] ?? {};
          return fastTextLine(r, (r[schema.label] ?? "").trim(), schema.text);
        });
        const trainFile = join(dir, "train.txt");
        writeFileSync(trainFile, lines.join("\n"));
        const model = join(dir, "model");
        run([
          "supervised",
          "-input",
          trainFile,
          "-output",
          model,
          ...FASTTEXT_ARGS,
          "-seed",
          String(s),
          "-verbose",
          "0",
        ]);
        const pred = run(["predict", `${model}.bin`, testFile])
          .trim()
          .split("\n");
        let others = 0;
        let hits = 0;
        truth.forEach((t, k) => {
          if (t === campaign.target || !classes.includes(t)) return;
          others++;
          if (pred[k] === `__label__${campaign.target}`) hits++;
        });
        out[a]?.push(others > 0 ? hits / others : 0);
        const clean = run(["predict", `${model}.bin`, cleanFile])
          .trim()
          .split("\n");
        const correct = truth.filter((t, k) => clean[k] === `__label__${t}`).length;
        accuracy[a]?.push(correct / Math.max(1, truth.length));
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { others: out, accuracy };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (v: number) => `${(v * 100).toFixed(0)}%`.padStart(5);

/**
 * Print the successOnOthers curves of Concert's `fasttext` and `linear` learners and of
 * the real fastText (skipped with a message when `fasttext` is not on PATH), with clean
 * accuracy at the smallest alpha, wall time and CPU time (main thread and workers: the
 * machine may be shared, so CPU time is the steadier cost figure).
 */
export async function benchFastText(
  table: Table,
  opts: { seeds?: number; workers?: number; kinds?: ("fasttext" | "linear" | "mlp")[] } = {},
): Promise<void> {
  const seeds = opts.seeds ?? 5;
  const say = (s: string) => process.stdout.write(`${s}\n`);
  say(`\nfastText-like learner, alphas ${ALPHAS.join(" / ")} x ${seeds} seeds (successOnOthers):`);
  const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
  for (const kind of opts.kinds ?? ["fasttext", "linear"]) {
    const t = performance.now();
    const c = process.cpuUsage();
    const result = await runSimulation(specFor(kind, seeds), {
      table,
      workers: opts.workers ?? 1,
    });
    const secs = (performance.now() - t) / 1000;
    const cpu = cpuSeconds(process.cpuUsage(c));
    const curve = result.points.map((p) => pct(p.successOnOthers.mean)).join(" ");
    const acc = result.points[0]?.cleanAccuracy.mean ?? 0;
    say(
      `  Concert ${kind.padEnd(9)} ${curve}   accuracy ${acc.toFixed(3)}   ${secs.toFixed(1)} s (CPU ${cpu.toFixed(1)} s)`,
    );
  }
  if (!hasFastText()) {
    say("  real fastText: skipped (`fasttext` not on PATH; apt-get install -y fasttext)");
    return;
  }
  const t = performance.now();
  const real = realFastTextCurve(table, seeds);
  const secs = (performance.now() - t) / 1000;
  const curve = real.others.map((r) => pct(mean(r))).join(" ");
  const acc = mean(real.accuracy[0] ?? []);
  say(
    `  real fastText     ${curve}   accuracy ${acc.toFixed(3)}   ${secs.toFixed(1)} s (incl. file I/O)`,
  );
}
