/**
 * `npm run bench:train`: trains the churn model on the synthetic clinical dataset at 20,000 and
 * 200,000 rows (200 iterations, 31 leaves, 255 bins, no early stopping), each size in its own
 * process so peak memory is per run. Prints training seconds (CSV loading excluded), rows per
 * second, peak RSS and the AUC on a 20% stratified hold-out.
 * `--rows N` runs one size in this process.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeParticipantsCsv } from "../lib/data/generator";
import { CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { loadTrainingTable, stratifiedSplit, takeLabels, takeRows } from "../lib/ml/dataset";
import { rocAuc } from "../lib/ml/metrics";
import { predictProbaMatrix } from "../lib/ml/model/predict";
import { trainBooster } from "../lib/ml/train";
import { runPerSize } from "./per-size";

const SIZES = [20_000, 200_000];
const PARAMS = { num_iterations: 200, num_leaves: 31, max_bin: 255, learning_rate: 0.1, seed: 1 };

async function runOne(rows: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-train-"));
  try {
    const csv = path.join(dir, "data.csv");
    // Generate 25% more rows so that the training part has `rows` rows.
    await writeParticipantsCsv({ rows: Math.round(rows / 0.8), seed: 7 }, csv);
    const table = await loadTrainingTable({ path: csv }, CLINICAL_TRAINING);
    const split = stratifiedSplit(table.labels, 0.2, 1);
    const nf = table.featureCount;
    const trainX = takeRows(table.features, nf, split.train);
    const trainY = takeLabels(table.labels, split.train);
    const testX = takeRows(table.features, nf, split.validation);
    const testY = takeLabels(table.labels, split.validation);
    const categoricalFeatures = table.schema.features.flatMap((f, i) => (f.kind === "categorical" ? [i] : []));
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    const result = trainBooster(
      { data: trainX, numRows: split.train.length, numFeatures: nf, labels: trainY, featureNames: table.featureNames, categoricalFeatures },
      PARAMS,
    );
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const auc = rocAuc(predictProbaMatrix(result.booster, testX, split.validation.length, nf), testY);
    console.log(
      `train ${split.train.length.toLocaleString("en-US")} rows x ${nf} features: ${seconds.toFixed(2)} s, ` +
        `${Math.round(split.train.length / seconds).toLocaleString("en-US")} rows/s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB, ` +
        `hold-out AUC ${auc.toFixed(4)} (${split.validation.length.toLocaleString("en-US")} rows)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runPerSize(import.meta.url, SIZES, runOne);
