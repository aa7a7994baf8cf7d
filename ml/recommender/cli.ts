/**
 * `npm run sim -- spec.json` for a sequences spec (`"data": {"kind": "sequences"}`): the CLI
 * (ml/cli.ts) hands the parsed JSON to this runner; the contract is ml/cli/run-spec.ts's.
 */
import type { SpecRunner } from "../cli/run-spec";
import { runSequenceSimulation } from "./run-sweep";
import { sequenceSpecSchema, type SequenceSpec } from "./spec";

export const sequenceSpecRunner: SpecRunner<SequenceSpec> = {
  schema: sequenceSpecSchema,
  run: (spec, ctx) =>
    runSequenceSimulation(spec, {
      baseDir: ctx.baseDir,
      signal: ctx.signal,
      onProgress: ctx.onProgress,
    }),
};
