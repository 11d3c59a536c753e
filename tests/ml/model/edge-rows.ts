import { ZERO_THRESHOLD } from "../../../lib/ml/model/tree-eval";
import { type Booster, DECISION_CATEGORICAL, MISSING_ZERO, missingType } from "../../../lib/ml/model/types";

/**
 * Rows that sit on and around every split of a booster: each threshold, its neighbouring
 * doubles and float32s, the kZeroThreshold band, NaN and infinities, and for categorical features
 * negative, fractional, unseen and out-of-int-range codes. Each row is a base row with one
 * feature replaced, so every split sees its edge values in realistic surroundings.
 */

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

export function nextAfter(x: number, direction: 1 | -1): number {
  if (Number.isNaN(x) || !Number.isFinite(x)) return x;
  if (x === 0) return direction * Number.MIN_VALUE;
  f64[0] = x;
  i64[0] += (x > 0) === (direction > 0) ? 1n : -1n;
  return f64[0];
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

function nextFloat32(x: number, direction: 1 | -1): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f;
  if (f === 0) return direction * 1.401298464324817e-45;
  f32[0] = f;
  i32[0] += (f > 0) === (direction > 0) ? 1 : -1;
  return f32[0];
}

const GLOBAL_VALUES = [
  Number.NaN, 0, -0, Infinity, -Infinity, 1e-40, -1e-40, 1e-36, -1e-36,
  ZERO_THRESHOLD, -ZERO_THRESHOLD, nextAfter(ZERO_THRESHOLD, 1), nextAfter(-ZERO_THRESHOLD, -1),
];

const CATEGORY_PROBES = [
  -2, -1, -0.5, 0.3, 0.999, 1.5, 2.7, 15, 16, 30.5, 31, 32, 33, 63, 64, 100, 1e9,
  2147483647, 2147483647.5, 2147483648, 4294967296, 4294967299, 1e10, 1e300, -1e10,
];

function numericValues(threshold: number, decisionType: number): number[] {
  const values = [
    threshold, nextAfter(threshold, 1), nextAfter(threshold, -1),
    Math.fround(threshold), nextFloat32(threshold, 1), nextFloat32(threshold, -1),
  ];
  if (missingType(decisionType) === MISSING_ZERO) values.push(...GLOBAL_VALUES);
  return values;
}

function categoricalValues(categories: number[]): number[] {
  return [...categories, ...categories.map((c) => c + 0.5), ...categories.map((c) => c + 4294967296), ...CATEGORY_PROBES];
}

/** Values worth probing per feature, deduplicated (a Set merges -0 with 0, which every rule treats alike). */
export function probeValues(booster: Booster): Array<Set<number>> {
  const numFeatures = booster.maxFeatureIdx + 1;
  const perFeature = Array.from({ length: numFeatures }, () => new Set<number>(GLOBAL_VALUES));
  for (const tree of booster.trees) {
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      const feature = tree.splitFeature[node];
      const decision = tree.decisionType[node];
      if (decision & DECISION_CATEGORICAL) {
        const index = tree.threshold[node];
        const categories: number[] = [];
        for (let w = tree.catBoundaries[index]; w < tree.catBoundaries[index + 1]; w++) {
          for (let bit = 0; bit < 32; bit++) {
            if ((tree.catThreshold[w] >>> bit) & 1) categories.push((w - tree.catBoundaries[index]) * 32 + bit);
          }
        }
        for (const v of categoricalValues(categories)) perFeature[feature].add(v);
      } else {
        for (const v of numericValues(tree.threshold[node], decision)) perFeature[feature].add(v);
      }
    }
  }
  return perFeature;
}

/** Base rows × (feature, probe value) substitutions, row-major. */
export function edgeRows(booster: Booster, baseRows: number[][]): { data: Float64Array; numRows: number; numFeatures: number } {
  const numFeatures = booster.maxFeatureIdx + 1;
  const probes = probeValues(booster);
  const rows: number[][] = [];
  for (const base of baseRows) {
    rows.push(base);
    probes.forEach((values, feature) => {
      for (const value of values) {
        const row = base.slice();
        row[feature] = value;
        rows.push(row);
      }
    });
  }
  const data = new Float64Array(rows.length * numFeatures);
  rows.forEach((row, r) => data.set(row, r * numFeatures));
  return { data, numRows: rows.length, numFeatures };
}
