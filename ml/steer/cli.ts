/**
 * `npm run sim -- spec.json` for a steering spec (`"campaign": {"goal": "steer"}`): the CLI
 * (ml/cli.ts) hands the parsed JSON to this runner; the contract is ml/cli/run-spec.ts's.
 */
import type { SpecRunner } from "../cli/run-spec";
import { loadSteerTable, runSteerSweep } from "./run-sweep";
import { steerSpecSchema, type SteerSpec } from "./spec";

export const steerSpecRunner: SpecRunner<SteerSpec> = {
  schema: steerSpecSchema,
  label: "steer",
  run: async (spec, ctx) =>
    runSteerSweep(spec, await loadSteerTable(spec, ctx.baseDir), {
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    }),
};
