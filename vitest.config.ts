import { defineConfig } from "vitest/config";
import path from "node:path";

// Only unit and integration folders: Playwright specs under e2e/ must not be picked up.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(__dirname),
      "server-only": path.resolve(__dirname, "tests/helpers/empty.ts"),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "ml/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    setupFiles: ["tests/helpers/setup-keys.ts"],
  },
});
