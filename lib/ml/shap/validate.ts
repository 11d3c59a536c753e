import { treeProblem } from "../model/tree-check";
import type { Booster } from "../model/types";
import { ShapInputError } from "./errors";

/**
 * Checks a booster before any SHAP structure is built from it. Tree shape problems are caught
 * here because path extraction walks child pointers without bounds checks; covers are checked
 * because they are divisors in every conditional expectation.
 */
export function checkBooster(booster: Booster): void {
  if (booster.numClass !== 1 || booster.numTreePerIteration !== 1) {
    throw new ShapInputError(
      `SHAP supports binary models with one tree per iteration; this model has num_class=${booster.numClass}, ` +
        `num_tree_per_iteration=${booster.numTreePerIteration}`,
    );
  }
  if (booster.trees.length === 0) {
    throw new ShapInputError("model has no trees: there is no tree structure to explain");
  }
  const numFeatures = booster.maxFeatureIdx + 1;
  if (!Number.isInteger(numFeatures) || numFeatures < 1) {
    throw new ShapInputError(`model has max_feature_idx=${booster.maxFeatureIdx}; expected at least 0`);
  }
  booster.trees.forEach((tree, t) => {
    const problem = treeProblem(tree, numFeatures);
    if (problem !== undefined) throw new ShapInputError(`tree ${t}: ${problem}`);
    if (tree.numLeaves === 1) return;
    if (tree.leafCount.length !== tree.numLeaves) {
      throw new ShapInputError(`tree ${t}: leaf_count has ${tree.leafCount.length} values, expected ${tree.numLeaves}`);
    }
    // A node's cover divides its children's: it must be positive. Leaves may cover nothing.
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      const cover = tree.internalCount[node];
      if (!(cover > 0) || !Number.isFinite(cover)) {
        throw new ShapInputError(
          `tree ${t}: internal_count[${node}]=${cover}; TreeSHAP needs a positive data count (cover) at every split`,
        );
      }
    }
    for (let leaf = 0; leaf < tree.numLeaves; leaf++) {
      const cover = tree.leafCount[leaf];
      if (!(cover >= 0) || !Number.isFinite(cover)) {
        throw new ShapInputError(`tree ${t}: leaf_count[${leaf}]=${cover}; covers must be finite and non-negative`);
      }
    }
  });
}

/**
 * Checks a row-major matrix against the model. The width must equal the model's feature count
 * exactly: output column j is attributed to feature j, so a wider or narrower matrix would
 * silently mislabel contributions.
 */
export function checkMatrix(booster: Booster, data: Float64Array, numRows: number, numFeatures: number): void {
  if (!(data instanceof Float64Array)) throw new ShapInputError("data must be a Float64Array (row-major, NaN = missing)");
  if (!Number.isInteger(numRows) || numRows < 0) throw new ShapInputError(`numRows must be a non-negative integer, got ${numRows}`);
  const expected = booster.maxFeatureIdx + 1;
  if (numFeatures !== expected) {
    throw new ShapInputError(
      `rows have ${numFeatures} features, but the model has ${expected} (${booster.featureNames.join(", ")})`,
    );
  }
  if (data.length !== numRows * numFeatures) {
    throw new ShapInputError(
      `data has ${data.length} values, expected numRows x numFeatures = ${numRows} x ${numFeatures} = ${numRows * numFeatures}`,
    );
  }
}

/** Checks a caller-supplied output buffer. */
export function checkOutput(out: Float64Array, expectedLength: number, what: string): void {
  if (!(out instanceof Float64Array) || out.length !== expectedLength) {
    throw new ShapInputError(`output buffer for ${what} must be a Float64Array of length ${expectedLength}, got ${out.length}`);
  }
}
