/**
 * The recommender section of `npm run bench` (alone: `npm run bench -- --recommender`).
 * Figures, not pass/fail, on a 50,000-playlist synthetic sample:
 *   - generating the sample;
 *   - the cost of the shadow model once: training the co-occurrence model on the training
 *     split and evaluating it on the test seeds (median of 3), and training item2vec once;
 *   - the forecast sweep, 6 alphas x 5 seeds with the co-occurrence model: time and peak
 *     memory, against the goal derived from the single-model cost:
 *       sweep <= runs x (train once + evaluate once) x 1.2,
 *     i.e. the sweep's own work (splits, member edits, strategies, aggregation) stays under 20%;
 *   - the amplification per alpha, so a regression in the measures shows next to the time.
 * item2vec's sweep is projected from its single cost (runs x (train + evaluate)), not run:
 * it would take many minutes on two shared cores.
 */
import { createProgress } from "../cli/progress";
import { deriveSeed } from "../../core/random";
import { evaluateModel } from "./evaluate";
import { trainSequenceModel } from "./learner";
import { prepareSequenceSimulation, sequenceSeedState } from "./prepare";
import { applyEdits } from "./run-one";
import { runSequenceSimulation } from "./run-sweep";
import { sequenceSpecSchema, type SequenceSpecInput } from "./spec";
import { generateSyntheticPlaylists } from "./synthetic";

export interface RecommenderBenchOptions {
  /** Playlists in the sample; default 50,000. */
  sequences?: number;
  /** Print a line (label, value, note). */
  line?: (label: string, value: string, note?: string) => void;
}

const seconds = (t: number) => (performance.now() - t) / 1000;

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Run the section; returns nothing, prints figures through `line`. */
export async function benchRecommender(opts: RecommenderBenchOptions = {}): Promise<void> {
  const line =
    opts.line ??
    ((label: string, value: string, note?: string) =>
      process.stdout.write(
        `${label.padEnd(44)} ${value.padStart(12)}${note !== undefined ? `  (${note})` : ""}\n`,
      ));
  const n = opts.sequences ?? 50_000;
  let t = performance.now();
  const set = generateSyntheticPlaylists({ sequences: n, seed: 0 });
  line(
    `recommender: generate ${n} playlists`,
    `${seconds(t).toFixed(2)} s`,
    `${set.entries.length} entries, ${set.items.length} items`,
  );

  const input: SequenceSpecInput = {
    data: { kind: "sequences", sample: "synthetic-playlists", sequences: n },
    learner: { kind: "cooccurrence" },
    campaign: { goal: "promote", item: "our-song", strategy: "dirlof" },
    topK: 10,
    alphas: [0, 0.0002, 0.0005, 0.001, 0.002, 0.005],
    seeds: 5,
  };
  const spec = sequenceSpecSchema.parse(input);
  const prep = prepareSequenceSimulation(spec, set);
  const state = sequenceSeedState(prep, 0);
  const data = applyEdits(set, state.train, new Map(), prep.nItems);
  const trainTimes: number[] = [];
  const evalTimes: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    t = performance.now();
    const model = trainSequenceModel(spec.learner, data, 0);
    trainTimes.push(seconds(t));
    t = performance.now();
    evaluateModel(model, state.evaluation, spec.topK, prep.targets);
    evalTimes.push(seconds(t));
  }
  const train = median(trainTimes);
  const evaluate = median(evalTimes);
  line(
    "  cooccurrence: train once (median of 3)",
    `${train.toFixed(3)} s`,
    `${prep.nTrain} playlists`,
  );
  line(
    "  cooccurrence: evaluate once (median of 3)",
    `${evaluate.toFixed(3)} s`,
    `${state.evaluation.seeds.length} seeds, top ${spec.topK}`,
  );

  let peak = process.memoryUsage().rss;
  const progress = createProgress({ label: "recommender sweep" });
  // One thread: its CPU time is the sweep's work, whatever else loads the machine.
  const cpu = process.cpuUsage();
  t = performance.now();
  const result = await runSequenceSimulation(spec, {
    sequences: set,
    onMemory: (rss) => (peak = Math.max(peak, rss)),
    onProgress: (p) => progress.update(p.done, p.total),
  }).finally(() => progress.finish());
  const sweep = seconds(t);
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const goal = result.runs * (train + evaluate) * 1.2;
  line(
    `  sweep ${spec.alphas.length} alphas x ${spec.seeds} seeds (1 thread)`,
    `${sweep.toFixed(1)} s`,
    `goal <= ${result.runs} x (train + evaluate) x 1.2 = ${goal.toFixed(1)} s: ratio ${(sweep / goal).toFixed(2)}`,
  );
  line(
    "  same, CPU time of this process",
    `${cpuSeconds.toFixed(1)} s`,
    "wall time above includes waiting for shared cores",
  );
  line("  peak memory during the sweep (RSS)", `${(peak / 1024 ** 2).toFixed(0)} MB`);
  for (const p of result.points)
    line(
      `  amplification at alpha=${p.alpha} (m=${p.collectiveSize})`,
      p.amplification.mean.toFixed(2),
      `vs same-count peers ${p.amplificationVsPeers.mean.toFixed(1)}x, NDCG@${spec.topK} ${p.ndcg.mean.toFixed(4)}`,
    );

  const learner = sequenceSpecSchema.parse({ ...input, learner: { kind: "item2vec" } }).learner;
  t = performance.now();
  const i2v = trainSequenceModel(learner, data, deriveSeed(0, "bench"));
  const i2vTrain = seconds(t);
  t = performance.now();
  const i2vEval = evaluateModel(i2v, state.evaluation, spec.topK, prep.targets);
  const i2vEvaluate = seconds(t);
  line(
    "  item2vec (dim 32, 3 epochs): train once",
    `${i2vTrain.toFixed(1)} s`,
    `NDCG@${spec.topK} ${i2vEval.ndcg.toFixed(4)}`,
  );
  line("  item2vec: evaluate once", `${i2vEvaluate.toFixed(2)} s`);
  line(
    "  item2vec: sweep projected (not run)",
    `${(result.runs * (i2vTrain + i2vEvaluate)).toFixed(0)} s`,
    `${result.runs} x (train + evaluate)`,
  );
}
