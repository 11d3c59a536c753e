import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database tests open real SQLite files; keep files isolated per worker but avoid
    // oversubscribing the two cores.
    pool: "forks",
    maxWorkers: 2,
  },
});
