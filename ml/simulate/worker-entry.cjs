/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS entry loaded by path */
/**
 * Worker-thread entry for forecast sweeps. The engine's own bootstrap resolves tsx with
 * `require.resolve`, which the Next.js bundler rewrites into a numeric module id; this file is
 * never bundled (the job passes its path from the app root), so it loads tsx and the engine's
 * TypeScript worker the plain Node way.
 */
const path = require("node:path");
require("tsx/cjs/api").register();
require(path.join(__dirname, "..", "ml", "simulate", "worker.ts"));
