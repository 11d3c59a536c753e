import type { BinaryLabels } from "./inputs";
import { type ThresholdCounts, thresholdCounts } from "./thresholdCounts";

/**
 * Average precision as scikit-learn's `average_precision_score` defines it:
 * AP = sum over distinct thresholds (descending) of (R_k - R_{k-1}) * P_k, with R_0 = 0.
 * This step-wise sum is deliberately not a trapezoidal PR area, which interpolates linearly
 * between points and overstates the area.
 *
 * Returns NaN when there are no positives (recall is undefined). With no negatives every
 * precision is 1, so AP is 1.
 */
export function averagePrecisionFromCounts(counts: ThresholdCounts): number {
  const { tps, fps, positives } = counts;
  if (positives === 0) return Number.NaN;
  let ap = 0;
  let prevTp = 0;
  for (let k = 0; k < tps.length; k++) {
    const tp = tps[k];
    if (tp !== prevTp) ap += ((tp - prevTp) / positives) * (tp / (tp + fps[k]));
    prevTp = tp;
  }
  return ap;
}

/** Average precision (PR AUC) of `scores` against 0/1 `labels`. NaN if there are no positives. */
export function averagePrecision(scores: Float64Array, labels: BinaryLabels): number {
  return averagePrecisionFromCounts(thresholdCounts(scores, labels));
}
