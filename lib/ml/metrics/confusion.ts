import { type BinaryLabels, checkInputs, checkThreshold } from "./inputs";

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/**
 * Classification quality at one threshold. A row is predicted positive when its probability is
 * >= threshold (the same rule the ROC and PR curve thresholds use).
 *
 * Ratios whose denominator is 0 are reported as 0, as scikit-learn does with `zero_division=0`
 * (e.g. precision when nothing is flagged), so the object always holds finite numbers.
 */
export interface ClassificationMetrics {
  threshold: number;
  confusion: ConfusionMatrix;
  /** (tp + tn) / n */
  accuracy: number;
  /** tp / (tp + fp) */
  precision: number;
  /** tp / (tp + fn), the true-positive rate. */
  recall: number;
  /** tn / (tn + fp), the true-negative rate. */
  specificity: number;
  /** Harmonic mean of precision and recall: 2tp / (2tp + fp + fn). */
  f1: number;
}

export function confusionMatrix(probs: Float64Array, labels: BinaryLabels, threshold = 0.5): ConfusionMatrix {
  checkInputs(probs, labels, false);
  checkThreshold(threshold);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < probs.length; i++) {
    const flagged = probs[i] >= threshold;
    if (labels[i] === 1) {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/** Ratio with the zero-division convention documented on `ClassificationMetrics`. */
function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

export function metricsFromConfusion(confusion: ConfusionMatrix, threshold: number): ClassificationMetrics {
  const { tp, fp, tn, fn } = confusion;
  return {
    threshold,
    confusion: { tp, fp, tn, fn },
    accuracy: ratio(tp + tn, tp + fp + tn + fn),
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    specificity: ratio(tn, tn + fp),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

export function classificationMetrics(probs: Float64Array, labels: BinaryLabels, threshold = 0.5): ClassificationMetrics {
  return metricsFromConfusion(confusionMatrix(probs, labels, threshold), threshold);
}
