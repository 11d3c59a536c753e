import { logisticTransform } from "./objective";
import { flattenForest, scoreRows, treeLeaf } from "./tree-eval";
import type { Booster, Tree } from "./types";

/**
 * Prediction API over LightGBM's exact decision rules (see ./tree-eval). Raw scores are summed
 * tree by tree starting from 0, in model order, as GBDT::PredictRaw does, so results match
 * LightGBM to the last bit whenever the leaf values do.
 */

/** Index of the leaf `row` lands in. */
export function predictLeaf(tree: Tree, row: ArrayLike<number>): number {
  return treeLeaf(tree, row);
}

function checkWidth(booster: Booster, width: number): void {
  if (width <= booster.maxFeatureIdx) {
    throw new Error(`rows have ${width} features, but the model uses feature index ${booster.maxFeatureIdx}`);
  }
}

/** Raw score (log-odds for a binary model) of one row: the sum of its leaf values. */
export function predictRawRow(booster: Booster, row: ArrayLike<number>): number {
  checkWidth(booster, row.length);
  let sum = 0;
  for (const tree of booster.trees) sum += tree.leafValue[predictLeaf(tree, row)];
  return sum;
}

function checkMatrix(booster: Booster, data: Float64Array, numRows: number, numFeatures: number): void {
  if (!Number.isInteger(numRows) || numRows < 0 || !Number.isInteger(numFeatures)) {
    throw new Error(`invalid matrix shape ${numRows}x${numFeatures}`);
  }
  if (data.length !== numRows * numFeatures) {
    throw new Error(`matrix has ${data.length} values, expected ${numRows}x${numFeatures}=${numRows * numFeatures}`);
  }
  checkWidth(booster, numFeatures);
}

/**
 * Raw scores of a row-major matrix. NaN marks a missing value; categorical features hold their
 * integer category codes.
 */
export function predictRawMatrix(booster: Booster, data: Float64Array, numRows: number, numFeatures: number): Float64Array {
  checkMatrix(booster, data, numRows, numFeatures);
  return scoreRows(flattenForest(booster), data, numRows, numFeatures);
}

/** LightGBM's binary output transform, 1 / (1 + exp(-scale * raw)). */
export function sigmoid(raw: number, scale = 1): number {
  return 1 / (1 + Math.exp(-scale * raw));
}

/** Probability of class 1 per row, applying the objective's sigmoid scale (`sigmoid:` option). */
export function predictProbaMatrix(booster: Booster, data: Float64Array, numRows: number, numFeatures: number): Float64Array {
  const { sigmoid: scale } = logisticTransform(booster.objective);
  const raw = predictRawMatrix(booster, data, numRows, numFeatures);
  for (let r = 0; r < numRows; r++) raw[r] = sigmoid(raw[r], scale);
  return raw;
}
