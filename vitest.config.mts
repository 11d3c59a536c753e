import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// graphql 16 ships CommonJS as "main" and ESM as "module". Node (and so every package vitest leaves
// external, such as graphql-jit and @graphql-tools) loads the CommonJS one; sources vitest
// transforms would get the ESM one, and graphql refuses schemas from the other copy. Pin one.
const graphqlCjs = fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url));

export default defineConfig({
  resolve: { tsconfigPaths: true, alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
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
