/**
 * `npm start`: brings everything up on embedded defaults, idempotently.
 *   1. create or migrate the database
 *   2. generate and import the synthetic dataset when the database is empty
 *   3. train and promote a first churn model when none is served, then score the participants
 *      that lack a current prediction
 *   4. build the production app when its sources changed
 *   5. serve it with scripts/serve.ts (`--dev`: the development server instead of 4-5)
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ProgressBar } from "../lib/cli/progress";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { refreshStatistics } from "../lib/db/statistics";
import { redactUrl, resolveDatabaseUrl } from "../lib/db/url";
import { importParticipants } from "../lib/data/import/import-participants";
import { DEFAULT_ROWS, DEFAULT_SEED } from "../lib/data/generator";
import { writeParticipantsCsv } from "../lib/data/generator";
import { ensureBuild } from "./build-fingerprint";
import { exportParticipantsCsv } from "../lib/data/export/export-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion, servedVersion } from "../lib/ml/versions/registry";
import { scoreParticipants } from "../lib/scoring/score-run";
import { prunePredictionLog } from "../lib/scoring/prediction-log";
import type { Db } from "../lib/db/client";
import { cliPrincipal } from "../lib/auth/principal";
import { ensureInitialAdmin } from "../lib/auth/users";

const dev = process.argv.includes("--dev");
const port = process.env.PORT ?? "3000";
const datasetPath = path.resolve("data", "raw", "clinical_data.csv");
const tsxCli = path.resolve("node_modules", "tsx", "dist", "cli.mjs");
const totalSteps = dev ? 4 : 5;

function step(n: number, text: string): void {
  console.log(`[${n}/${totalSteps}] ${text}`);
}

/** The first admin's credentials when this start created them, shown again just before serving. */
let createdAdmin: { username: string; password: string; generated: boolean } | null = null;

async function prepareData(): Promise<void> {
  const url = resolveDatabaseUrl();
  step(1, `database ${redactUrl(url)}`);
  const applied = await migrateDatabase(url, (m) => console.log(`      ${m}`));
  console.log(applied.length > 0 ? `      migrated (${applied.length} applied)` : "      up to date");
  await refreshStatistics(url);

  const db = openDb(url);
  try {
    const pruned = await prunePredictionLog(db.prisma);
    if (pruned > 0) console.log(`      prediction log: ${pruned.toLocaleString("en-US")} entries past retention removed`);
    createdAdmin = await ensureInitialAdmin(db.prisma, cliPrincipal());
    if (createdAdmin) console.log(`      created the first account: ${createdAdmin.username} (admin)`);
    const count = await db.prisma.patient.count();
    if (count > 0) {
      step(2, `dataset: ${count.toLocaleString("en-US")} participants already loaded`);
      await ensureServedModel(db);
      await ensurePredictions(db);
      return;
    }
    step(2, "dataset: database is empty, loading the synthetic clinical dataset");
    if (!fs.existsSync(datasetPath)) {
      const bar = new ProgressBar("      generate", DEFAULT_ROWS);
      await writeParticipantsCsv({ rows: DEFAULT_ROWS, seed: DEFAULT_SEED }, datasetPath, (done) => bar.update(done));
      bar.done(path.relative(process.cwd(), datasetPath));
    }
    const bar = new ProgressBar("      import", 0);
    const result = await importParticipants(db, { path: datasetPath }, (p) => {
      if (p.phase === "write") {
        bar.setTotal(p.total ?? p.rows);
        bar.update(p.rows);
      }
    });
    bar.done(`${result.imported.toLocaleString("en-US")} participants`);
    await ensureServedModel(db);
    await ensurePredictions(db);
  } finally {
    await db.prisma.$disconnect();
  }
}

/** Trains on the database's labelled participants (not a CSV on disk) so imports count too. */
async function ensureServedModel(db: Db): Promise<void> {
  const served = await servedVersion(db.prisma);
  if (served) {
    step(3, `model: ${served} is served`);
    return;
  }
  step(3, "model: none served yet, training a first churn model on the labelled participants");
  const snapshot = path.resolve("data", "tmp", "training-snapshot.csv");
  const rows = await exportParticipantsCsv(db.prisma, snapshot, { churned: { not: null } });
  if (rows < 100) {
    console.log(`      only ${rows} labelled participants: import more data, then run npm run train`);
    return;
  }
  const bar = new ProgressBar("      train", 0);
  const meta = await trainModel(db, { source: { path: snapshot }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS }, versionPrefix: "churn" }, (e) => {
    if (e.kind === "started") bar.setTotal(e.iterations);
    else if (e.kind === "iteration") bar.update(e.iteration, e.validLogloss === undefined ? "" : `valid logloss ${e.validLogloss.toFixed(4)}`);
  });
  fs.rmSync(snapshot, { force: true });
  bar.done(`${meta.version}, held-out ROC AUC ${meta.metrics?.rocAuc?.toFixed(4) ?? "n/a"}`);
  await promoteVersion(db.prisma, meta.version);
  console.log(`      promoted ${meta.version}`);
}

/** Scores participants that lack a current prediction from the served model (none when up to date). */
async function ensurePredictions(db: Db): Promise<void> {
  if (!(await servedVersion(db.prisma))) return;
  const bar = new ProgressBar("      score", 0);
  const result = await scoreParticipants(db, {
    onProgress: (p) => {
      bar.setTotal(p.total);
      if (p.total > 0) bar.update(p.scored);
    },
  });
  if (result.scored > 0) bar.done(`${result.scored.toLocaleString("en-US")} participants scored with ${result.version}`);
  else console.log(`      predictions up to date (${result.total.toLocaleString("en-US")} from ${result.version})`);
}

function buildIfNeeded(): void {
  const built = ensureBuild((m) => step(4, `build: ${m}`));
  if (!built) step(4, "build: up to date");
}

function serve(): void {
  step(dev ? 4 : 5, `serving on http://localhost:${port} (${dev ? "development" : "production"})`);
  if (createdAdmin) {
    const how = createdAdmin.generated ? `password ${createdAdmin.password}  (shown once: keep it, or set ADMIN_PASSWORD before a first start)` : "the password in ADMIN_PASSWORD";
    console.log(`\n      sign in as ${createdAdmin.username} with ${how}\n      more accounts: npm run users:create -- --username <name> --role viewer|analyst|admin\n`);
  }
  const child = spawn(process.execPath, [tsxCli, "scripts/serve.ts", ...(dev ? ["--dev"] : []), "-p", port], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: resolveDatabaseUrl(), NEXT_TELEMETRY_DISABLED: "1" },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  child.on("exit", (code) => process.exit(code ?? 0));
}

async function main(): Promise<void> {
  await prepareData();
  if (!dev) buildIfNeeded();
  serve();
}

main().catch((err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
