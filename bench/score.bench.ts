/**
 * `npm run bench:score`: for each size (default 20,000 and 1,000,000; `--rows N` for one size),
 * in its own process: generate participants, import them into a fresh SQLite database, train a
 * model as `npm start` does (200 iterations, 31 leaves, early stopping) on the first 20,000 rows, then time `npm run score`'s
 * work: every participant scored (one onnxruntime call per batch), explained (SHAP top
 * factors on worker threads), valued (CLV) and stored. Prints seconds, rows per second and
 * peak RSS of the scoring phase, sampled every 50 ms.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { writeParticipantsCsv } from "../lib/data/generator";
import { importParticipants } from "../lib/data/import/import-participants";
import { exportParticipantsCsv } from "../lib/data/export/export-participants";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { trainModel } from "../lib/ml/training/train-model";
import { promoteVersion } from "../lib/ml/versions/registry";
import { scoreParticipants } from "../lib/scoring/score-run";
import { runPerSize } from "./per-size";

const SIZES = [20_000, 1_000_000];

async function runOne(rows: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-score-"));
  process.env.MODELS_DIR = path.join(dir, "models");
  const db = openDb(`file:${path.join(dir, "bench.db")}`);
  try {
    await migrateDatabase(db.url);
    const csv = path.join(dir, "participants.csv");
    await writeParticipantsCsv({ rows, seed: 5 }, csv);
    await importParticipants(db, { path: csv });
    const trainCsv = path.join(dir, "train.csv");
    await exportParticipantsCsv(db.prisma, trainCsv, { id: { lte: "P0020000" } });
    // The model npm start trains: 200 iterations, 31 leaves, early stopping on a 20% hold-out.
    const meta = await trainModel(db, { source: { path: trainCsv }, ...CLINICAL_TRAINING, params: { ...CLINICAL_DEFAULT_PARAMS } });
    await promoteVersion(db.prisma, meta.version);

    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const memory: number[] = [];
    const result = await scoreParticipants(db, {
      // Timed as before: scoring alone, without recomputing the dashboards' aggregates.
      refreshDashboards: false,
      onProgress: (p) => {
        if (p.scored > 0 && p.scored % 100_000 === 0) memory.push(process.memoryUsage().rss);
      },
    });
    clearInterval(sampler);
    const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
    console.log(
      `score ${result.scored.toLocaleString("en-US")} participants (${meta.training?.numTrees} trees): ${result.seconds.toFixed(2)} s, ` +
        `${Math.round(result.scored / result.seconds).toLocaleString("en-US")} rows/s, peak RSS ${mib(peak)}` +
        (memory.length > 1 ? `, RSS every 100k rows: ${memory.map(mib).join(" ")}` : ""),
    );
  } finally {
    await db.prisma.$disconnect();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runPerSize(import.meta.url, SIZES, runOne);
