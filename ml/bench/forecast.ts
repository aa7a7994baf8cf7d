/**
 * `npm run bench -- --forecast-only`: a whole forecast as the app's job runs it (issue 10's
 * "a forecast under 30 s"), on SpamAssassin (token after every 10th word, target ham, default
 * alphas, 5 seeds): the platform-model sweep, then the four stress tests against the model
 * the plan follows, on one pool of all cores. Once with `fasttext` alone and once with the
 * designer's default pair (linear + fasttext). Prints wall and CPU time per part.
 */
import type { Table } from "../types";
import { createSimulationPool } from "../simulate/pool";
import { runPlatformModels } from "../simulate/run-models";
import { runSimulation } from "../simulate/run-simulation";
import { simulationSpecSchema } from "../simulate/spec";
import { referenceSpec, stressAlphas, stressScenarios } from "../simulate/stress";

type Kind = "linear" | "fasttext";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Process CPU (all threads, the pool's workers included) since `from`. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(from);
  return `CPU ${((c.user + c.system) / 1e6).toFixed(1)} s`;
};

async function timeForecast(table: Table, kinds: readonly Kind[]): Promise<void> {
  const spec = simulationSpecSchema.parse({
    data: { sample: "spam-assassin", label: "label", text: ["text"] },
    learner: { kind: kinds[0] },
    ...(kinds.length > 1 ? { platformModels: kinds } : {}),
    campaign: {
      goal: "plant",
      strategy: "feature-label",
      target: "ham",
      signal: { kind: "text", token: "zq", placement: "every", every: 10 },
    },
    seeds: 5,
    targetSuccess: 0.9,
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  // One pool for the sweep and the stress tests, as the job does (a worker boots in ~1 s).
  const pool = createSimulationPool({});
  try {
    const { result, drivenSpec } = await runPlatformModels(spec, { table, pool });
    const parts = [`sweep ${seconds(performance.now() - started)} (${result.runs} runs)`];
    const reference = referenceSpec(drivenSpec, stressAlphas(0, result.criticalMass?.simulated));
    for (const s of stressScenarios(drivenSpec, table, null, [
      "reference",
      "noise",
      "dp",
      "others",
    ])) {
      if (s.apply === null) continue;
      const t = performance.now();
      await runSimulation(s.apply(reference, 0), { table, pool });
      parts.push(`${s.id} ${seconds(performance.now() - t)}`);
    }
    process.stdout.write(
      `forecast, ${kinds.join(" + ")}: ${seconds(performance.now() - started)} (${cpuSince(cpu)}); ${parts.join(", ")}\n`,
    );
  } finally {
    await pool.close();
  }
}

export async function benchForecast(table: Table): Promise<void> {
  await timeForecast(table, ["fasttext"]);
  await timeForecast(table, ["linear", "fasttext"]);
}
