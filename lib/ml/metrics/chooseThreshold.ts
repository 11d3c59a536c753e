import { type ClassificationMetrics, metricsFromConfusion } from "./confusion";
import type { BinaryLabels } from "./inputs";
import { type ThresholdCounts, thresholdCounts } from "./thresholdCounts";

/**
 * How to pick an operating threshold:
 * - `maxF1`: maximise F1.
 * - `maxYouden`: maximise Youden's J = recall + specificity - 1 (the ROC point farthest above
 *   the diagonal).
 * - `minRecall`: the highest threshold that still catches at least `recall` of the positives,
 *   i.e. the fewest flagged participants for a required catch rate.
 */
export type ThresholdCriterion =
  | { kind: "maxF1" }
  | { kind: "maxYouden" }
  | { kind: "minRecall"; recall: number };

export interface ThresholdChoice {
  criterion: ThresholdCriterion["kind"];
  /** Flag rows whose probability is >= this value. Always one of the observed scores. */
  threshold: number;
  /** The criterion's value at `threshold`: F1, Youden's J, or the recall achieved. */
  value: number;
  metrics: ClassificationMetrics;
}

function criterionValue(criterion: ThresholdCriterion, m: ClassificationMetrics): number {
  switch (criterion.kind) {
    case "maxF1":
      return m.f1;
    case "maxYouden":
      return m.recall + m.specificity - 1;
    case "minRecall":
      return m.recall;
  }
}

/**
 * Chooses a threshold among the distinct observed scores (only those change the confusion
 * matrix). When several thresholds tie on the criterion, the highest one wins, since it flags
 * the fewest rows for the same quality.
 *
 * Returns null when the criterion is undefined for the data: no positives (every criterion), or
 * no negatives for `maxYouden`.
 */
export function chooseThresholdFromCounts(
  counts: ThresholdCounts,
  criterion: ThresholdCriterion = { kind: "maxF1" },
): ThresholdChoice | null {
  const { thresholds, tps, fps, positives, negatives } = counts;
  if (criterion.kind === "minRecall" && !(criterion.recall > 0 && criterion.recall <= 1)) {
    throw new RangeError(`minRecall target must be in (0, 1], got ${criterion.recall}`);
  }
  if (positives === 0) return null;
  if (criterion.kind === "maxYouden" && negatives === 0) return null;

  let best: ThresholdChoice | null = null;
  for (let k = 0; k < thresholds.length; k++) {
    const tp = tps[k];
    const fp = fps[k];
    const metrics = metricsFromConfusion({ tp, fp, tn: negatives - fp, fn: positives - tp }, thresholds[k]);
    const value = criterionValue(criterion, metrics);
    if (criterion.kind === "minRecall") {
      // Recall only grows as the threshold falls, so the first hit is the highest threshold.
      if (value >= criterion.recall) return { criterion: criterion.kind, threshold: thresholds[k], value, metrics };
      continue;
    }
    if (best === null || value > best.value) best = { criterion: criterion.kind, threshold: thresholds[k], value, metrics };
  }
  return best;
}

export function chooseThreshold(
  probs: Float64Array,
  labels: BinaryLabels,
  criterion: ThresholdCriterion = { kind: "maxF1" },
): ThresholdChoice | null {
  return chooseThresholdFromCounts(thresholdCounts(probs, labels), criterion);
}
