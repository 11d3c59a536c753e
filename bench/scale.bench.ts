/**
 * `npm run bench:scale`: a million participants (`--rows N` for another size) generated once,
 * then for each database (`--providers sqlite,postgresql`; PostgreSQL is a throwaway cluster
 * started for the run unless `--pg-url` names one): migrate, import, train on the first 20,000
 * (as `npm start` does), score and store every participant, then time the dashboard aggregates
 * and `patients` pagination as the API runs them. Prints seconds per phase with the process's peak
 * RSS in the phase (sampled every 100 ms) and its heap after each phase, so a memory that grows
 * with the data shows as a rising column; then milliseconds per query (median of `--repeat`).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb, type Db } from "../lib/db/client";
import { dbProvider } from "../lib/db/url";
import { migrateDatabase } from "../lib/db/migrate";
import { writeParticipantsCsv } from "../lib/data/generator";
import { importParticipants } from "../lib/data/import/import-participants";
import { exportParticipantsCsv } from "../lib/data/export/export-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";
import { scoreParticipants } from "../lib/scoring/score-run";
import { computeOverviewSnapshot } from "../lib/dashboard/overview-snapshot";
import { riskSummary } from "../lib/dashboard/risk-summary";
import { patientFilterOptions, queryPatients, servedVersionId, type PatientFilter, type PatientOrder } from "../lib/dashboard/patients-query";
import { ProgressBar } from "../lib/cli/progress";
import { startPostgresServer } from "../scripts/postgres-cluster";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const MiB = 1024 * 1024;

/** Peak RSS while `work` runs and the heap after it, with its duration. */
async function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  const started = performance.now();
  try {
    return await work();
  } finally {
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const seconds = (performance.now() - started) / 1000;
    (globalThis as { gc?: () => void }).gc?.();
    const heap = process.memoryUsage().heapUsed;
    console.log(`  ${name.padEnd(10)} ${seconds.toFixed(1).padStart(7)} s   peak RSS ${(peak / MiB).toFixed(0).padStart(5)} MiB   heap after ${(heap / MiB).toFixed(0).padStart(4)} MiB`);
  }
}

async function timeQuery(name: string, repeat: number, run: () => Promise<unknown>): Promise<void> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(58)} ${times[Math.floor(times.length / 2)].toFixed(0).padStart(6)} ms`);
}

async function prepareAndMeasure(db: Db, csv: string, rows: number, repeat: number, work: string): Promise<void> {
  process.env.MODELS_DIR = path.join(work, "models");
  await phase("migrate", async () => migrateDatabase(db.url));
  const imp = new ProgressBar("    import", rows);
  await phase("import", () => importParticipants(db, { path: csv }, (p) => p.phase === "write" && imp.update(p.rows)));
  imp.done("");
  const trainCsv = path.join(work, "train.csv");
  await exportParticipantsCsv(db.prisma, trainCsv, { id: { lte: "P0020000" } });
  const meta = await phase("train", () => trainModel(db, { source: { path: trainCsv }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS } }));
  await promoteVersion(db.prisma, meta.version);
  const score = new ProgressBar("    score", rows);
  await phase("score", () => scoreParticipants(db, { refreshDashboards: false, onProgress: (p) => score.update(p.scored) }));
  score.done("");
  const versionId = await servedVersionId(db.prisma);
  if (versionId === null) throw new Error("no served version after promotion");
  await phase("overview", () => computeOverviewSnapshot(db.prisma, versionId));

  console.log("  queries (median ms):");
  const page = (filter: PatientFilter, order: PatientOrder | null, offset: number) => () => queryPatients(db.prisma, versionId, filter, order, { first: 50, offset });
  const middle = Math.floor(rows / 2 / 50) * 50;
  const last = Math.max(0, rows - 50);
  const byProbability: PatientOrder = { field: "CHURN_PROBABILITY", direction: "DESC" };
  await timeQuery("overview snapshot (every aggregate of the Overview page)", 1, () => computeOverviewSnapshot(db.prisma, versionId));
  await timeQuery("risk tiers by site", repeat, () => riskSummary(db.prisma, versionId, "SITE"));
  await timeQuery("filter options (distinct study, site, phase, area)", repeat, () => patientFilterOptions(db.prisma));
  await timeQuery("patients first page, by id", repeat, page({}, null, 0));
  await timeQuery("patients middle page, by id", repeat, page({}, null, middle));
  await timeQuery("patients last page, by id", repeat, page({}, null, last));
  await timeQuery("patients first page, by probability", repeat, page({}, byProbability, 0));
  await timeQuery("patients middle page, by probability", repeat, page({}, byProbability, middle));
  await timeQuery("patients study STU-007 page 3, by probability", repeat, page({ studyId: "STU-007" }, byProbability, 100));
  await timeQuery("patients tier critical, by value at risk", repeat, page({ riskTier: "critical" }, { field: "VALUE_AT_RISK", direction: "DESC" }, 0));
  await timeQuery("patients phase II + oncology, by CLV", repeat, page({ phase: "II", therapeuticArea: "oncology" }, { field: "CLV", direction: "DESC" }, 0));
  await timeQuery("patients id search 'P00001', by value at risk", repeat, page({ idContains: "P00001" }, { field: "VALUE_AT_RISK", direction: "DESC" }, 0));
}

async function main(): Promise<void> {
  const rows = Number(flag("rows") ?? 1_000_000);
  const repeat = Number(flag("repeat") ?? 5);
  const providers = (flag("providers") ?? "sqlite,postgresql").split(",");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-scale-"));
  try {
    const csv = path.join(work, "participants.csv");
    const gen = new ProgressBar("generate", rows);
    await writeParticipantsCsv({ rows, seed: 11 }, csv, (n) => gen.update(n));
    gen.done("");
    for (const provider of providers) {
      const dir = fs.mkdtempSync(path.join(work, `${provider}-`));
      let stopCluster: (() => void) | null = null;
      let url: string;
      if (provider === "sqlite") url = `file:${path.join(dir, "scale.db")}`;
      else if (provider === "postgresql") {
        const given = flag("pg-url");
        if (given) url = given;
        else {
          const cluster = await startPostgresServer();
          stopCluster = () => cluster.stop();
          // migrateDatabase creates the database on the cluster.
          url = cluster.url("retain_scale");
        }
      } else throw new Error(`--providers: unknown provider "${provider}" (sqlite, postgresql)`);
      console.log(`\n${rows.toLocaleString("en-US")} participants on ${dbProvider(url)}`);
      const db = openDb(url);
      try {
        await prepareAndMeasure(db, csv, rows, repeat, dir);
      } finally {
        await db.prisma.$disconnect();
        stopCluster?.();
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
