import { averagePrecisionFromCounts } from "./averagePrecision";
import { type CalibrationBin, calibrationTable } from "./calibration";
import { type PrPoint, type RocPoint, prChartPoints, rocChartPoints } from "./chartPoints";
import { type ThresholdChoice, chooseThresholdFromCounts } from "./chooseThreshold";
import { type ClassificationMetrics, classificationMetrics } from "./confusion";
import { prCurveFromCounts, rocCurveFromCounts } from "./curves";
import { type BinaryLabels, checkInputs } from "./inputs";
import { brierScore, logLoss } from "./probabilistic";
import { rocAucFromCounts } from "./rocAuc";
import { thresholdCounts } from "./thresholdCounts";

/**
 * Everything `evaluateBinary` reports, as plain JSON-serialisable data (numbers, nulls, arrays,
 * objects: no typed arrays, NaN or Infinity). Metrics that are undefined for the data, e.g. ROC
 * AUC when the labels hold a single class, are null rather than NaN because JSON cannot carry NaN.
 */
export interface BinaryEvaluation {
  /** Number of rows evaluated. */
  n: number;
  /** Rows with label 1. */
  positives: number;
  /** Rows with label 0. */
  negatives: number;
  /** positives / n */
  positiveRate: number;
  /** Area under the ROC curve, ties counted half; null when either class is absent. */
  rocAuc: number | null;
  /** Average precision (PR AUC, scikit-learn's step-wise definition); null when there are no positives. */
  averagePrecision: number | null;
  /** Mean cross-entropy in nats, probabilities clipped to [1e-15, 1 - 1e-15]. */
  logLoss: number;
  /** Mean squared error of the probabilities. */
  brierScore: number;
  /** Accuracy, precision, recall, specificity, F1 and the confusion matrix at the requested threshold (row flagged when p >= threshold). */
  atThreshold: ClassificationMetrics;
  /** The threshold maximising F1 and the metrics there; null when there are no positives. */
  bestF1: ThresholdChoice | null;
  /** Ten equal-width bins over [0, 1]: count, mean predicted probability, observed positive rate. */
  calibration: CalibrationBin[];
  /** ROC curve from (0,0) to (1,1), thinned to at most 200 points keeping both ends; empty when a class is absent. */
  rocCurve: RocPoint[];
  /** Precision-recall curve from recall 0 to recall 1, thinned to at most 200 points keeping both ends; empty when there are no positives. */
  prCurve: PrPoint[];
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Evaluates predicted probabilities against 0/1 labels. `threshold` (default 0.5) sets the
 * operating point for the threshold-dependent metrics. Throws on empty input, mismatched
 * lengths, labels other than 0/1 and probabilities outside [0, 1] or NaN.
 */
export function evaluateBinary(probs: Float64Array, labels: BinaryLabels, threshold = 0.5): BinaryEvaluation {
  const { positives, negatives } = checkInputs(probs, labels, true);
  const counts = thresholdCounts(probs, labels);
  return {
    n: probs.length,
    positives,
    negatives,
    positiveRate: positives / probs.length,
    rocAuc: finiteOrNull(rocAucFromCounts(counts)),
    averagePrecision: finiteOrNull(averagePrecisionFromCounts(counts)),
    logLoss: logLoss(probs, labels),
    brierScore: brierScore(probs, labels),
    atThreshold: classificationMetrics(probs, labels, threshold),
    bestF1: chooseThresholdFromCounts(counts, { kind: "maxF1" }),
    calibration: calibrationTable(probs, labels),
    rocCurve: rocChartPoints(rocCurveFromCounts(counts)),
    prCurve: prChartPoints(prCurveFromCounts(counts)),
  };
}
