/** Test helpers: load the LightGBM reference CSVs and model text (small, independent parsers). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/lightgbm");

export interface CsvData {
  featureNames: string[];
  /** Row-major. */
  data: Float64Array;
  labels: Float64Array;
  numRows: number;
  numFeatures: number;
}

/**
 * Parses a decimal number the way LightGBM's default text parser (Common::Atof, used when
 * precise_float_parser=false) does: integer digits accumulated, then the fraction digits as an
 * integer divided by 10^digits and added. This can differ from correct rounding by one ulp (e.g.
 * "3.77"), which shows up in bin boundaries, so the fixture tests read data as LightGBM did.
 */
export function lightgbmAtof(text: string): number {
  let p = 0;
  let sign = 1;
  if (text[p] === "-") {
    sign = -1;
    p++;
  } else if (text[p] === "+") {
    p++;
  }
  const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
  let value = 0;
  while (isDigit(text[p])) value = value * 10 + (text.charCodeAt(p++) - 48);
  if (text[p] === ".") {
    p++;
    let right = 0;
    let nn = 0;
    while (isDigit(text[p])) {
      right = text.charCodeAt(p++) - 48 + right * 10;
      nn++;
    }
    value += right / 10 ** nn;
  }
  if (p !== text.length) return Number(text); // exponents etc. do not occur in the fixtures
  return sign * value;
}

/** Reads a CSV with a header whose first column is the label; empty fields are NaN. */
export function loadCsv(file: string, parse: (s: string) => number = Number): CsvData {
  const lines = readFileSync(path.join(FIXTURE_DIR, file), "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(",");
  const featureNames = header.slice(1);
  const numFeatures = featureNames.length;
  const numRows = lines.length - 1;
  const data = new Float64Array(numRows * numFeatures);
  const labels = new Float64Array(numRows);
  for (let r = 0; r < numRows; r++) {
    const cells = lines[r + 1].split(",");
    labels[r] = Number(cells[0]);
    for (let f = 0; f < numFeatures; f++) {
      const cell = cells[f + 1];
      data[r * numFeatures + f] = cell === undefined || cell === "" ? Number.NaN : parse(cell);
    }
  }
  return { featureNames, data, labels, numRows, numFeatures };
}

/** `key=value` lines of a LightGBM params file. */
export function loadParamsFile(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path.join(FIXTURE_DIR, file), "utf8").split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith("#")) continue;
    const eq = t.indexOf("=");
    out[t.slice(0, eq).trim()] = t.slice(eq + 1).trim();
  }
  return out;
}

export interface ReferenceTree {
  fields: Record<string, string>;
  numbers(key: string): number[];
}

export interface ReferenceModel {
  header: Record<string, string>;
  trees: ReferenceTree[];
}

/** Minimal reader of LightGBM's text model: header key=values and each Tree= block's fields. */
export function loadReferenceModel(file: string): ReferenceModel {
  const text = readFileSync(path.join(FIXTURE_DIR, file), "utf8");
  const end = text.indexOf("end of trees");
  const body = end >= 0 ? text.slice(0, end) : text;
  const blocks = body.split(/\n(?=Tree=)/);
  const header: Record<string, string> = {};
  for (const line of blocks[0].split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) header[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const trees: ReferenceTree[] = blocks.slice(1).map((block) => {
    const fields: Record<string, string> = {};
    for (const line of block.split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1).trim();
    }
    return {
      fields,
      numbers: (key: string) => (fields[key] ?? "").split(" ").filter((s) => s.length > 0).map(Number),
    };
  });
  return { header, trees };
}

/**
 * Raw score of a row, evaluating the trees with LightGBM's decision rules (Tree::Decision):
 * independent of the project's own predict.ts so the trainer is checked against it, not with it.
 */
export function referenceRawScore(
  trees: ReadonlyArray<{
    numLeaves: number;
    splitFeature: ArrayLike<number>;
    threshold: ArrayLike<number>;
    decisionType: ArrayLike<number>;
    leftChild: ArrayLike<number>;
    rightChild: ArrayLike<number>;
    leafValue: ArrayLike<number>;
    catBoundaries: ArrayLike<number>;
    catThreshold: ArrayLike<number>;
  }>,
  row: ArrayLike<number>,
): number {
  let sum = 0;
  for (const t of trees) {
    if (t.numLeaves === 1) {
      sum += t.leafValue[0];
      continue;
    }
    let node = 0;
    while (node >= 0) {
      const v = row[t.splitFeature[node]];
      const dt = t.decisionType[node];
      let left: boolean;
      if ((dt & 1) !== 0) {
        if (Number.isNaN(v) || Math.trunc(v) < 0) {
          left = false;
        } else {
          const c = Math.trunc(v);
          const ci = t.threshold[node];
          const b0 = t.catBoundaries[ci];
          const b1 = t.catBoundaries[ci + 1];
          const w = Math.floor(c / 32);
          left = w < b1 - b0 && ((t.catThreshold[b0 + w] >>> (c % 32)) & 1) === 1;
        }
      } else {
        const missing = (dt >> 2) & 3;
        let x = v;
        if (Number.isNaN(x) && missing !== 2) x = 0;
        if ((missing === 1 && Math.abs(x) <= 1e-35) || (missing === 2 && Number.isNaN(x))) left = (dt & 2) !== 0;
        else left = x <= t.threshold[node];
      }
      node = left ? t.leftChild[node] : t.rightChild[node];
    }
    sum += t.leafValue[-node - 1];
  }
  return sum;
}

/** Brute-force pairwise AUC (ties count one half). */
export function pairwiseAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < labels.length; i++) (labels[i] === 1 ? pos : neg).push(scores[i]);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

/** Mean binary log loss of probabilities. */
export function meanLogLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= labels[i] === 1 ? Math.log(probs[i]) : Math.log(1 - probs[i]);
  return s / labels.length;
}

export function rowOf(data: Float64Array, numFeatures: number, r: number): Float64Array {
  return data.subarray(r * numFeatures, (r + 1) * numFeatures);
}
