/**
 * Benchmark of the LightGBM-compatible trainer (lib/ml/train).
 *
 *   npx tsx bench/train-core.bench.ts [--rows 200000] [--features 20] [--iterations 200]
 *                                     [--leaves 31] [--max-bin 255] [--valid 0] [--threads auto]
 *
 * Generates a synthetic binary-classification data set in memory (seeded, numeric features with a
 * few missing values), trains, and prints wall time, throughput and peak RSS.
 */
import { trainBooster } from "../lib/ml/train/index";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0 || i + 1 >= process.argv.length) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

/** xorshift32-based uniform generator and a Box-Muller normal. */
function makeRng(seed: number) {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

function synthesize(numRows: number, numFeatures: number, seed: number) {
  const rng = makeRng(seed);
  const data = new Float64Array(numRows * numFeatures);
  const labels = new Uint8Array(numRows);
  const weights = Array.from({ length: numFeatures }, (_, f) => (f % 3 === 0 ? 0.8 : f % 3 === 1 ? -0.5 : 0.2) / (1 + f / 5));
  for (let r = 0; r < numRows; r++) {
    let z = 0;
    for (let f = 0; f < numFeatures; f++) {
      let v: number;
      if (f % 5 === 4) v = Math.floor(rng.uniform() * 12); // small-integer feature
      else v = Math.round(rng.normal() * 1000) / 100; // continuous, many distinct values
      z += weights[f] * (f % 5 === 4 ? (v - 6) / 3 : Math.tanh(v));
      if (f % 7 === 3 && rng.uniform() < 0.03) v = Number.NaN; // some missing values
      data[r * numFeatures + f] = v;
    }
    z += 0.6 * Math.sin(data[r * numFeatures] || 0) * (data[r * numFeatures + 1] || 0) * 0.3;
    labels[r] = rng.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { data, labels };
}

const numRows = arg("rows", 200000);
const numFeatures = arg("features", 20);
const iterations = arg("iterations", 200);
const leaves = arg("leaves", 31);
const maxBin = arg("max-bin", 255);
const validRows = arg("valid", 0);
const threadsArg = arg("threads", 0);

const tGen = performance.now();
const train = synthesize(numRows, numFeatures, 12345);
const valid = validRows > 0 ? synthesize(validRows, numFeatures, 999) : null;
const genSec = (performance.now() - tGen) / 1000;

const t0 = performance.now();
const result = trainBooster(
  { data: train.data, numRows, numFeatures, labels: train.labels },
  { num_iterations: iterations, num_leaves: leaves, max_bin: maxBin, learning_rate: 0.1, seed: 1 },
  {
    ...(valid ? { valid: { data: valid.data, numRows: validRows, numFeatures, labels: valid.labels } } : {}),
    ...(threadsArg > 0 ? { threads: threadsArg } : {}),
  },
);
const sec = (performance.now() - t0) / 1000;
const rssMb = process.resourceUsage().maxRSS / 1024;
const t = result.timings;
console.log(
  `train-core: ${numRows} rows x ${numFeatures} features, ${iterations} iterations, ${leaves} leaves, max_bin ${maxBin}`,
);
console.log(`  data generation  ${genSec.toFixed(2)} s (not included below)`);
console.log(`  training         ${sec.toFixed(2)} s (histogram threads: ${result.timings.threads})`);
console.log(`  rows/s           ${Math.round(numRows / sec).toLocaleString("en-US")} (rows x iterations / s: ${Math.round((numRows * iterations) / sec).toLocaleString("en-US")})`);
console.log(`  peak RSS         ${rssMb.toFixed(0)} MB`);
console.log(
  `  phases (s)       binning ${(t.binningMs / 1000).toFixed(2)}, gradients ${(t.gradientMs / 1000).toFixed(2)}, ` +
    `histograms ${(t.histogramMs / 1000).toFixed(2)}, split finding ${(t.splitFindMs / 1000).toFixed(2)}, ` +
    `partition ${(t.partitionMs / 1000).toFixed(2)}, score update ${(t.scoreUpdateMs / 1000).toFixed(2)}, eval ${(t.evalMs / 1000).toFixed(2)}`,
);
console.log(`  trees            ${result.booster.trees.length}, leaves in last tree ${result.booster.trees.at(-1)?.numLeaves}`);
if (valid) console.log(`  valid logloss    ${result.evalHistory.at(-1)?.validLogloss?.toFixed(5)}`);
