import type { Booster } from "./types";

/**
 * Split-count importance as LightGBM stores it in `feature_importances:`: the number of splits
 * with positive gain per feature, features with no such split left out, sorted by count
 * descending with ties kept in feature order (LightGBM uses a stable sort).
 */
export function splitImportance(booster: Booster): Array<[string, number]> {
  const counts = new Array<number>(booster.featureNames.length).fill(0);
  for (const tree of booster.trees) {
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      // LightGBM keeps gains as 32-bit floats; compare what it would hold.
      if (Math.fround(tree.splitGain[node]) > 0) counts[tree.splitFeature[node]] += 1;
    }
  }
  const pairs: Array<[string, number]> = [];
  counts.forEach((count, feature) => {
    if (count > 0) pairs.push([booster.featureNames[feature], count]);
  });
  return pairs.sort((a, b) => b[1] - a[1]);
}
