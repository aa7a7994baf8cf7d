/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS entry loaded by path */
/**
 * The one worker-thread entry for simulation runs (`simulationWorkerUrl()` in pool.ts is the
 * one place that locates it). It registers tsx and loads the engine's TypeScript worker the
 * plain Node way: on Node 20 a worker does not inherit the parent's loader hooks, and inside
 * a bundled server (Next.js) `require.resolve` returns module ids, so neither the parent nor
 * the bundle can do this for it. This file is never bundled: it is started by path.
 */
const path = require("node:path");
require("tsx/cjs/api").register();
require(path.join(__dirname, "worker.ts"));
