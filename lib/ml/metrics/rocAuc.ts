import type { BinaryLabels } from "./inputs";
import { type ThresholdCounts, thresholdCounts } from "./thresholdCounts";

/**
 * Area under the ROC curve, from precomputed counts.
 *
 * Each negative contributes the number of positives scored above it plus half of those tied with
 * it: the Mann-Whitney U statistic, identical to the rank-sum formula with tied scores given their
 * average rank and to the trapezoidal area under the full ROC curve.
 *
 * Returns NaN when either class is absent (the ranking of positives against negatives is then
 * undefined; scikit-learn raises in that case).
 */
export function rocAucFromCounts(counts: ThresholdCounts): number {
  const { tps, fps, positives, negatives } = counts;
  if (positives === 0 || negatives === 0) return Number.NaN;
  let pairs = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < tps.length; k++) {
    const dTp = tps[k] - prevTp;
    const dFp = fps[k] - prevFp;
    pairs += dFp * (prevTp + dTp / 2);
    prevTp = tps[k];
    prevFp = fps[k];
  }
  return pairs / (positives * negatives);
}

/** ROC AUC of `scores` (any real-valued ranking score) against 0/1 `labels`. NaN if one class is absent. */
export function rocAuc(scores: Float64Array, labels: BinaryLabels): number {
  return rocAucFromCounts(thresholdCounts(scores, labels));
}
