/**
 * `npx tsx bench/shap.bench.ts`: speed of exact TreeSHAP (lib/ml/shap) on the product's churn
 * model configuration (CLINICAL_DEFAULT_PARAMS: 200 trees, 31 leaves) trained on 20,000 synthetic
 * participants. Prints rows/second for contributions (Algorithm 2 "plain", Fast TreeSHAP "fast",
 * fast on a worker pool) and interaction values at 1,000 and 20,000 rows, checks the variants
 * agree, and prints peak RSS. Reference: LightGBM's own predict_contrib, single-threaded, explains
 * about 850 rows/s for such a model.
 *
 *   --rows N      training / explained rows (default 20000)
 *   --workers N   pool size (default os.availableParallelism())
 *   --quick       skip the 20,000-row plain runs (the slow ones)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeParticipantsCsv } from "../lib/data/generator";
import { CLINICAL_DEFAULT_PARAMS, CLINICAL_TRAINING } from "../lib/ml/clinical-model";
import { loadTrainingTable } from "../lib/ml/dataset";
import { predictRawMatrix } from "../lib/ml/model/predict";
import { ShapExplainer, ShapPool } from "../lib/ml/shap";
import { trainBooster } from "../lib/ml/train";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const ROWS = arg("rows", 20_000);
const WORKERS = arg("workers", os.availableParallelism());
const QUICK = process.argv.includes("--quick");
const SIZES = [1_000, ROWS];

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
/** Peak resident set of the whole process (worker threads included), from getrusage. */
const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

async function timed<T>(run: () => T | Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await run();
  return { result, seconds: (performance.now() - started) / 1000 };
}

function report(what: string, rows: number, seconds: number, note = ""): void {
  console.log(`${what.padEnd(34)} ${fmt(rows).padStart(6)} rows: ${fmt(rows / seconds).padStart(7)} rows/s  (${seconds.toFixed(2)} s)${note}`);
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "retain-bench-shap-"));
  try {
    const csv = path.join(dir, "participants.csv");
    await writeParticipantsCsv({ rows: ROWS, seed: 7 }, csv);
    const table = await loadTrainingTable({ path: csv }, CLINICAL_TRAINING);
    const nf = table.featureCount;
    const categoricalFeatures = table.schema.features.flatMap((f, i) => (f.kind === "categorical" ? [i] : []));
    // The trainer is binary-only and takes no "objective" key.
    const { objective: _objective, ...params } = CLINICAL_DEFAULT_PARAMS;
    const training = await timed(() =>
      trainBooster(
        { data: table.features, numRows: table.rowCount, numFeatures: nf, labels: table.labels, featureNames: table.featureNames, categoricalFeatures },
        params,
      ),
    );
    const booster = training.result.booster;
    const maxLeaves = Math.max(...booster.trees.map((t) => t.numLeaves));
    console.log(`model: ${booster.trees.length} trees, up to ${maxLeaves} leaves, ${nf} features (trained on ${fmt(table.rowCount)} rows in ${training.seconds.toFixed(1)} s)`);

    const build = await timed(() => {
      const explainer = new ShapExplainer(booster);
      return { explainer, shape: explainer.describe() };
    });
    const { explainer, shape } = build.result;
    console.log(
      `explainer: ${shape.leaves} leaves, up to ${shape.maxPathFeatures} distinct features per path, ` +
        `tables for ${shape.tabledLeaves}/${shape.leaves} leaves (cap ${shape.tableFeatureCap}), ${mib(shape.tableBytes)}, built in ${(build.seconds * 1000).toFixed(0)} ms`,
    );
    console.log(`cores: ${os.availableParallelism()}, pool workers: ${WORKERS}\n`);

    const warm = table.features.subarray(0, 200 * nf);
    explainer.shapValues(warm, 200, nf);
    explainer.shapValues(warm, 200, nf, { algorithm: "plain" });
    explainer.interactionValues(warm, 200, nf);

    const pool = await timed(() => ShapPool.create(booster, { workers: WORKERS }));
    console.log(`pool start-up (${WORKERS} workers, tsx-loaded): ${pool.seconds.toFixed(2)} s (not included below)`);
    await pool.result.shapValues(warm, 200, nf);
    await pool.result.interactionValues(warm, 200, nf);

    for (const rows of SIZES) {
      const data = table.features.subarray(0, rows * nf);
      console.log();
      const fast = await timed(() => explainer.shapValues(data, rows, nf));
      if (!(QUICK && rows > 1_000)) {
        const plain = await timed(() => explainer.shapValues(data, rows, nf, { algorithm: "plain" }));
        report("contributions, plain (1 thread)", rows, plain.seconds, `  max |fast - plain| ${maxAbsDiff(fast.result, plain.result).toExponential(1)}`);
      }
      report("contributions, fast (1 thread)", rows, fast.seconds);
      const pooled = await timed(() => pool.result.shapValues(data, rows, nf));
      report(`contributions, fast + ${WORKERS} workers`, rows, pooled.seconds, `  identical to 1 thread: ${maxAbsDiff(pooled.result, fast.result) === 0}`);

      const raw = predictRawMatrix(booster, data, rows, nf);
      let worst = 0;
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let j = 0; j <= nf; j++) sum += fast.result[r * (nf + 1) + j];
        worst = Math.max(worst, Math.abs(sum - raw[r]));
      }
      console.log(`  local accuracy: max |sum - raw score| ${worst.toExponential(1)}`);

      const inter = await timed(() => explainer.interactionValues(data, rows, nf));
      report("interactions, fast (1 thread)", rows, inter.seconds);
      const interPooled = await timed(() => pool.result.interactionValues(data, rows, nf));
      report(`interactions, fast + ${WORKERS} workers`, rows, interPooled.seconds, `  identical to 1 thread: ${maxAbsDiff(interPooled.result, inter.result) === 0}`);
      if (rows <= 1_000) {
        // TreeExplainer's conditioning algorithm runs ~2 x (features per tree) TreeSHAPs per tree: a
        // 200-row sample is enough to show its speed.
        const sample = 200;
        const interPlain = await timed(() => explainer.interactionValues(data.subarray(0, sample * nf), sample, nf, { algorithm: "plain" }));
        const size = (nf + 1) ** 2;
        const diff = maxAbsDiff(inter.result.subarray(0, sample * size), interPlain.result);
        report("interactions, plain (1 thread)", sample, interPlain.seconds, `  max |fast - plain| ${diff.toExponential(1)}`);
      }
    }
    await pool.result.close();
    console.log(`\npeak RSS: ${mib(peakRss())}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
