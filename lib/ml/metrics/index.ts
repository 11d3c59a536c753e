/**
 * Evaluation of binary classifiers from predicted probabilities (Float64Array) and 0/1 labels
 * (Uint8Array or Float64Array). See `evaluateBinary` for the all-in-one report.
 */
export { averagePrecision, averagePrecisionFromCounts } from "./averagePrecision";
export { CALIBRATION_BINS, type CalibrationBin, calibrationTable } from "./calibration";
export { MAX_CHART_POINTS, type PrPoint, type RocPoint, prChartPoints, rocChartPoints } from "./chartPoints";
export {
  type ThresholdChoice,
  type ThresholdCriterion,
  chooseThreshold,
  chooseThresholdFromCounts,
} from "./chooseThreshold";
export {
  type ClassificationMetrics,
  type ConfusionMatrix,
  classificationMetrics,
  confusionMatrix,
  metricsFromConfusion,
} from "./confusion";
export { type PrCurve, type RocCurve, prCurve, prCurveFromCounts, rocCurve, rocCurveFromCounts } from "./curves";
export { downsampleIndices } from "./downsample";
export { type BinaryEvaluation, evaluateBinary } from "./evaluate";
export type { BinaryLabels } from "./inputs";
export { LOG_LOSS_EPS, brierScore, logLoss } from "./probabilistic";
export { rocAuc, rocAucFromCounts } from "./rocAuc";
export { type ThresholdCounts, thresholdCounts } from "./thresholdCounts";
