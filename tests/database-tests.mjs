// The test files that run against a database: vitest runs them on SQLite and again on PostgreSQL
// (vitest.config.mts). tests/db/database-tests.test.ts checks that every test file that opens a
// database is listed here.
export const DATABASE_TEST_FILES = [
  "tests/auth/access-matrix.test.ts",
  "tests/auth/audit-trail.test.ts",
  "tests/auth/credentials.test.ts",
  "tests/cli/explain-command.test.ts",
  "tests/cli/model-commands.test.ts",
  "tests/dashboard/batch-route.test.ts",
  "tests/dashboard/batch-score.test.ts",
  "tests/dashboard/overview.test.ts",
  "tests/dashboard/patients-query.test.ts",
  "tests/dashboard/planner-query.test.ts",
  "tests/data/import.test.ts",
  "tests/db/migrate.test.ts",
  "tests/deploy/promotion-channel.test.ts",
  "tests/deploy/shared-state.test.ts",
  "tests/deploy/two-instances.test.ts",
  "tests/faults/killed-runs.test.ts",
  "tests/faults/model-promotion.test.ts",
  "tests/faults/redis-outage.test.ts",
  "tests/fuzz/csv.test.ts",
  "tests/fuzz/graphql.test.ts",
  "tests/graphql/api.test.ts",
  "tests/graphql/rest.test.ts",
  "tests/ml/training/import-and-promote.test.ts",
  "tests/ml/training/train-model.test.ts",
  "tests/ml/versions/training-progress.test.ts",
  "tests/scoring/drift-and-plan.test.ts",
  "tests/scoring/predict-and-serve.test.ts",
  "tests/scoring/score-run.test.ts",
  "tests/workers/task-runner.test.ts",
];

// Database tests about SQLite itself (its locking), with no PostgreSQL counterpart to run.
export const SQLITE_ONLY_TEST_FILES = ["tests/faults/db-busy.test.ts"];
