import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { DATABASE_TEST_FILES } from "./tests/database-tests.mjs";

// graphql 16 ships CommonJS as "main" and ESM as "module". Node (and so every package vitest leaves
// external, such as graphql-jit and @graphql-tools) loads the CommonJS one; sources vitest
// transforms would get the ESM one, and graphql refuses schemas from the other copy. Pin one.
const graphqlCjs = fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url));

export default defineConfig({
  resolve: { tsconfigPaths: true, alias: [{ find: /^graphql$/, replacement: graphqlCjs }] },
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database tests open real databases; keep files isolated per worker but avoid
    // oversubscribing the two cores.
    pool: "forks",
    maxWorkers: 2,
    // Every test runs on SQLite; the database-backed ones run again on PostgreSQL, on one
    // throwaway cluster started for the run (tests/helpers/postgres-global-setup.ts).
    projects: [
      // *.pg.test.ts compare the two databases and need the cluster: PostgreSQL project only.
      { extends: true, test: { name: "sqlite", include: ["tests/**/*.test.ts"], exclude: ["tests/**/*.pg.test.ts"], env: { RETAIN_TEST_DB: "sqlite" } } },
      {
        extends: true,
        test: {
          name: "postgresql",
          include: [...DATABASE_TEST_FILES, "tests/**/*.pg.test.ts"],
          env: { RETAIN_TEST_DB: "postgresql" },
          globalSetup: ["tests/helpers/postgres-global-setup.ts"],
        },
      },
    ],
  },
});
