/**
 * `npm test`: the whole suite. Lint, unit and integration tests (vitest), then the browser tests
 * (Playwright + Debian's Chromium) against the production server (scripts/serve.ts) on a freshly seeded throwaway database.
 * Every service it starts is stopped again, pass or fail.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { importParticipants } from "../lib/data/import/import-participants";
import { writeParticipantsCsv } from "../lib/data/generator";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";
import { scoreParticipants } from "../lib/scoring/score-run";
import { freePort } from "./app-server";
import { randomBytes } from "node:crypto";
import { cliPrincipal } from "../lib/auth/principal";
import { createUser } from "../lib/auth/users";
import { ensureBuild } from "./build-fingerprint";

const E2E_ROWS = 3000;
const REPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "retain-test-reports-"));
const totals = { passed: 0, failed: 0, skipped: 0 };

/** Adds a runner's JSON report to the totals printed as the suite's closing line. */
function countReport(file: string, kind: "vitest" | "playwright"): void {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as {
    numPassedTests?: number;
    numFailedTests?: number;
    numPendingTests?: number;
    stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
  };
  if (kind === "vitest") {
    totals.passed += report.numPassedTests ?? 0;
    totals.failed += report.numFailedTests ?? 0;
    totals.skipped += report.numPendingTests ?? 0;
  } else {
    totals.passed += (report.stats?.expected ?? 0) + (report.stats?.flaky ?? 0);
    totals.failed += report.stats?.unexpected ?? 0;
    totals.skipped += report.stats?.skipped ?? 0;
  }
}
const E2E_SEED = 20261203;

function run(title: string, cmd: string, args: string[], env: Record<string, string> = {}): void {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${title} failed (exit ${result.status ?? result.signal})`);
}

/**
 * A throwaway database with participants, a trained and promoted model (in a throwaway models
 * folder) and every participant scored, so the pages show real predictions and explanations.
 */
async function seedE2eDatabase(dir: string): Promise<{ url: string; rows: number; modelsDir: string; passwords: Record<string, string> }> {
  const url = `file:${path.join(dir, "e2e.db")}`;
  const csv = path.join(dir, "participants.csv");
  const modelsDir = path.join(dir, "models");
  process.env.MODELS_DIR = modelsDir;
  await migrateDatabase(url);
  await writeParticipantsCsv({ rows: E2E_ROWS, seed: E2E_SEED }, csv);
  const db = openDb(url);
  try {
    const result = await importParticipants(db, { path: csv });
    const meta = await trainModel(db, { source: { path: csv }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS, num_iterations: 60 }, versionPrefix: "e2e" });
    await promoteVersion(db.prisma, meta.version);
    const scored = await scoreParticipants(db);
    // One account per role for the browser tests, with fresh random passwords.
    const passwords: Record<string, string> = {};
    for (const role of ["admin", "analyst", "viewer"] as const) {
      passwords[`E2E_PASSWORD_${role.toUpperCase()}`] = (await createUser(db.prisma, cliPrincipal(), { username: `e2e-${role}`, role })).generatedPassword as string;
    }
    console.log(`seeded ${result.imported} participants, model ${meta.version}, ${scored.scored} predictions`);
    return { url, rows: result.imported, modelsDir, passwords };
  } finally {
    await db.prisma.$disconnect();
  }
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const node = process.execPath;
  const bin = (pkg: string, file: string) => path.resolve("node_modules", pkg, file);
  if (!only || only === "lint") run("lint", node, [bin("eslint", "bin/eslint.js"), ".", "--max-warnings", "0"]);
  if (!only || only === "unit") {
    const report = path.join(REPORT_DIR, "vitest.json");
    try {
      run("unit and integration tests (vitest)", node, [bin("vitest", "vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`]);
    } finally {
      countReport(report, "vitest");
    }
  }
  if (!only || only === "e2e") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-e2e-"));
    try {
      console.log("\n=== browser tests: seeding a throwaway database and building the app ===");
      const { url, rows, modelsDir, passwords } = await seedE2eDatabase(dir);
      ensureBuild((m) => console.log(`build: ${m}`));
      const port = await freePort();
      const report = path.join(REPORT_DIR, "playwright.json");
      try {
        run("browser tests (Playwright, Chromium)", node, [bin("@playwright/test", "cli.js"), "test", "--reporter=list,json"], {
          E2E_DATABASE_URL: url,
          E2E_MODELS_DIR: modelsDir,
          E2E_PORT: String(port),
          E2E_EXPECTED_PARTICIPANTS: String(rows),
          PLAYWRIGHT_JSON_OUTPUT_NAME: report,
          E2E_SESSION_SECRET: randomBytes(32).toString("base64url"),
          ...passwords,
        });
      } finally {
        countReport(report, "playwright");
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log("\nAll test stages passed.");
}

function summary(): string {
  return `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`;
}

main().then(
  () => {
    console.log(summary());
    fs.rmSync(REPORT_DIR, { recursive: true, force: true });
  },
  (err: unknown) => {
    console.error(`\nnpm test failed: ${err instanceof Error ? err.message : String(err)}`);
    console.log(summary());
    fs.rmSync(REPORT_DIR, { recursive: true, force: true });
    process.exit(1);
  },
);
