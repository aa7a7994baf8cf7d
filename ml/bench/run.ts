/**
 * `npm run bench`: figures (not pass/fail) on the SpamAssassin corpus, each printed with its
 * ratio to the anchor from issue 3 (measured on this machine kind with fastText and
 * scikit-learn peers):
 *   - one `linear` run, featurise + 5 epochs, 80% train: anchor fastText 1.15 s at 0.967;
 *   - the 30-run sweep (6 alphas x 5 seeds, token after every 10th word, target "ham")
 *     on both cores: anchors scikit-learn SGD 12 s, logistic regression 60 s;
 *   - successOnOthers per alpha next to the logistic-regression peer's 4/58/84/94/97%;
 *   - peak memory (process RSS, which includes the worker threads): anchor < 1 GB;
 *   - the TensorFlow.js backend used;
 *   - the recommender section (ml/recommender/bench.ts): a 50,000-playlist sweep, its time and
 *     memory against the goal set by one model's cost (alone: `npm run bench -- --recommender-only`).
 */
import { availableParallelism } from "node:os";
import { createProgress } from "../cli/progress";
import { createFeaturizer, encodeLabels } from "../features";
import { initBackend, train } from "../learners";
import { createRng, deriveSeed, shuffled } from "../../core/random";
import { loadSample } from "../samples";
import { runSimulation, type SimulationSpecInput } from "../simulate";
import { benchFastText } from "./fasttext";
import { benchForecast } from "./forecast";
import { benchRecommender } from "../recommender/bench";

const ANCHOR = {
  fastTextSeconds: 1.15,
  fastTextAccuracy: 0.967,
  sgdSweepSeconds: 12,
  lrSweepSeconds: 60,
  memoryBytes: 1024 ** 3,
};
const ANCHOR_OTHERS: Record<number, number> = {
  0: 0.04,
  0.005: 0.58,
  0.01: 0.84,
  0.02: 0.94,
  0.05: 0.97,
};

function line(label: string, value: string, ratio?: number, anchor?: string): void {
  const r = ratio !== undefined ? `  ratio ${ratio.toFixed(2)}x` : "";
  const a = anchor !== undefined ? `  (anchor ${anchor})` : "";
  process.stdout.write(`${label.padEnd(44)} ${value.padStart(12)}${r}${a}\n`);
}

async function main(): Promise<void> {
  // `npm run bench -- --recommender-only`: just the recommender (sequences) section.
  if (process.argv.includes("--recommender-only")) return benchRecommender();
  const backend = await initBackend();
  // `npm run bench -- --forecast-only`: a whole forecast as the app's job runs it.
  if (process.argv.includes("--forecast-only"))
    return benchForecast(await loadSample("spam-assassin"));
  // `npm run bench -- --fasttext-only`: just the fasttext learner beside the real fastText.
  if (process.argv.includes("--fasttext-only")) {
    await benchFastText(await loadSample("spam-assassin"), {
      workers: Math.min(2, availableParallelism()),
    });
    return;
  }
  let peak = process.memoryUsage().rss;
  const track = (rss: number) => {
    peak = Math.max(peak, rss);
  };
  let t = performance.now();
  const table = await loadSample("spam-assassin");
  line("load SpamAssassin corpus", `${((performance.now() - t) / 1000).toFixed(2)} s`);
  line("e-mails", String(table.rows.length));

  // One linear run: featurise (fit + transform) and 5 epochs on a seeded 80% split.
  const order = shuffled(
    Array.from({ length: table.rows.length }, (_, i) => i),
    createRng(deriveSeed(0, "bench-split")),
  );
  const nTest = Math.round(0.2 * table.rows.length);
  const testRows = order.slice(0, nTest).map((i) => table.rows[i] ?? {});
  const trainRows = order.slice(nTest).map((i) => table.rows[i] ?? {});
  const words = trainRows.reduce(
    (a, r) => a + (r.text ?? "").split(/\s+/).filter((w) => w !== "").length,
    0,
  );
  line("training e-mails / words", `${trainRows.length} / ${words}`, undefined, "~4.8k / ~440k");
  const schema = { label: "label", text: ["text"], categorical: [], numeric: [] };
  const times: number[] = [];
  let accuracy = 0;
  for (let rep = 0; rep < 3; rep++) {
    t = performance.now();
    const featurizer = createFeaturizer(schema);
    featurizer.fit(trainRows);
    const x = featurizer.transform(trainRows);
    const { y, classes } = encodeLabels(trainRows, "label");
    const { model } = await train({ kind: "linear", epochs: 5 }, { x, y, classes }, { seed: 1 });
    times.push((performance.now() - t) / 1000);
    const pred = model.predict(featurizer.transform(testRows));
    const truth = encodeLabels(testRows, "label", classes).y;
    let correct = 0;
    pred.forEach((p, i) => {
      if (p === truth[i]) correct++;
    });
    accuracy = correct / truth.length;
    model.dispose();
    track(process.memoryUsage().rss);
  }
  // First repetition includes JIT warm-up; report the median of three.
  const median = times.slice().sort((a, b) => a - b)[1] ?? times[0] ?? 0;
  line(
    "linear: featurise + 5 epochs (median of 3)",
    `${median.toFixed(2)} s`,
    median / ANCHOR.fastTextSeconds,
    "fastText 1.15 s",
  );
  line("linear: test accuracy", accuracy.toFixed(3), accuracy / ANCHOR.fastTextAccuracy, "0.967");

  // The 30-run sweep on both cores.
  const spec: SimulationSpecInput = {
    data: { sample: "spam-assassin", label: "label", text: ["text"] },
    testFraction: 0.2,
    learner: { kind: "linear", epochs: 5 },
    campaign: {
      goal: "plant",
      strategy: "feature-label",
      target: "ham",
      signal: { kind: "text", token: "zq", placement: "every", every: 10 },
    },
    alphas: [0, 0.005, 0.01, 0.02, 0.05, 0.1],
    seeds: 5,
  };
  const workers = Math.min(2, availableParallelism());
  t = performance.now();
  const progress = createProgress({ label: "sweep" });
  const result = await runSimulation(spec, {
    table,
    workers,
    onMemory: track,
    onProgress: (p) => progress.update(p.done, p.total),
  }).finally(() => progress.finish());
  const sweep = (performance.now() - t) / 1000;
  line(
    `sweep 6 alphas x 5 seeds (${workers} workers)`,
    `${sweep.toFixed(1)} s`,
    sweep / ANCHOR.sgdSweepSeconds,
    "SGD peer 12 s",
  );
  line(
    "  same, against the logistic-regression peer",
    `${sweep.toFixed(1)} s`,
    sweep / ANCHOR.lrSweepSeconds,
    "LR peer 60 s",
  );
  for (const p of result.points) {
    const anchor = ANCHOR_OTHERS[p.alpha];
    const others = p.successOnOthers;
    line(
      `  successOnOthers at alpha=${p.alpha} (m=${p.collectiveSize})`,
      `${(others.mean * 100).toFixed(1)}%`,
      anchor !== undefined && anchor > 0 ? others.mean / anchor : undefined,
      anchor !== undefined
        ? `${Math.round(anchor * 100)}%, 95% CI ${(others.low * 100).toFixed(1)}-${(others.high * 100).toFixed(1)}%`
        : `95% CI ${(others.low * 100).toFixed(1)}-${(others.high * 100).toFixed(1)}%`,
    );
  }
  line("  clean accuracy at alpha=0", (result.points[0]?.cleanAccuracy.mean ?? 0).toFixed(3));
  // maxRSS covers the whole process, worker threads included (they share it).
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  line(
    "peak memory (RSS, incl. workers)",
    `${(peak / 1024 ** 2).toFixed(0)} MB`,
    peak / ANCHOR.memoryBytes,
    "< 1 GB",
  );
  line("backend", `${backend} / ${result.backend}`);
  // The fasttext learner beside the real fastText binary (skipped when not on PATH).
  await benchFastText(table, { workers });
  await benchRecommender();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
