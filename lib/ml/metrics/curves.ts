import type { BinaryLabels } from "./inputs";
import { type ThresholdCounts, thresholdCounts } from "./thresholdCounts";

/**
 * Full ROC curve, ordered by decreasing threshold (so fpr and tpr never decrease). Point 0 is
 * the origin with threshold +Infinity ("flag nobody"); point k >= 1 flags every score >=
 * thresholds[k]. Empty when either class is absent, since one of the two rates is then 0/0.
 */
export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  thresholds: Float64Array;
}

/**
 * Full precision-recall curve, ordered by decreasing threshold (recall never decreases; this is
 * the reverse of scikit-learn's `precision_recall_curve` order). Point 0 is (recall 0,
 * precision 1) with threshold +Infinity, the convention scikit-learn uses for the point that
 * flags nobody. Empty when there are no positives.
 */
export interface PrCurve {
  recall: Float64Array;
  precision: Float64Array;
  thresholds: Float64Array;
}

export function rocCurveFromCounts(counts: ThresholdCounts): RocCurve {
  const { thresholds, tps, fps, positives, negatives } = counts;
  if (positives === 0 || negatives === 0) {
    return { fpr: new Float64Array(0), tpr: new Float64Array(0), thresholds: new Float64Array(0) };
  }
  const m = thresholds.length + 1;
  const fpr = new Float64Array(m);
  const tpr = new Float64Array(m);
  const t = new Float64Array(m);
  t[0] = Number.POSITIVE_INFINITY;
  for (let k = 0; k < thresholds.length; k++) {
    fpr[k + 1] = fps[k] / negatives;
    tpr[k + 1] = tps[k] / positives;
    t[k + 1] = thresholds[k];
  }
  return { fpr, tpr, thresholds: t };
}

export function prCurveFromCounts(counts: ThresholdCounts): PrCurve {
  const { thresholds, tps, fps, positives } = counts;
  if (positives === 0) {
    return { recall: new Float64Array(0), precision: new Float64Array(0), thresholds: new Float64Array(0) };
  }
  const m = thresholds.length + 1;
  const recall = new Float64Array(m);
  const precision = new Float64Array(m);
  const t = new Float64Array(m);
  precision[0] = 1;
  t[0] = Number.POSITIVE_INFINITY;
  for (let k = 0; k < thresholds.length; k++) {
    recall[k + 1] = tps[k] / positives;
    // Every group flags at least one row, so the denominator is never 0.
    precision[k + 1] = tps[k] / (tps[k] + fps[k]);
    t[k + 1] = thresholds[k];
  }
  return { recall, precision, thresholds: t };
}

/** Full ROC curve of `scores` against 0/1 `labels` (see `RocCurve`). */
export function rocCurve(scores: Float64Array, labels: BinaryLabels): RocCurve {
  return rocCurveFromCounts(thresholdCounts(scores, labels));
}

/** Full precision-recall curve of `scores` against 0/1 `labels` (see `PrCurve`). */
export function prCurve(scores: Float64Array, labels: BinaryLabels): PrCurve {
  return prCurveFromCounts(thresholdCounts(scores, labels));
}
