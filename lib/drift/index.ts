/**
 * Population stability index (PSI) per feature between a model's training data and the
 * population it currently scores. Formulas, bucket rules and defaults: README.md in this folder.
 */
export { buildDriftReference, DEFAULT_DRIFT_BINS, type DriftReferenceOptions } from "./buildReference";
export type { DriftData } from "./data";
export { DriftError } from "./errors";
export { parseDriftReference } from "./parseReference";
export {
  DEFAULT_DRIFT_THRESHOLDS,
  DEFAULT_PSI_EPSILON,
  driftStatus,
  populationStabilityIndex,
  validateThresholds,
} from "./psi";
export { binIndex, quantileEdges } from "./quantileEdges";
export { driftReport, type DriftReportOptions } from "./report";
export {
  type BucketKind,
  type CategoricalReference,
  DRIFT_REFERENCE_VERSION,
  type DriftBucket,
  type DriftReference,
  type DriftReport,
  type DriftStatus,
  type DriftThresholds,
  type FeatureDrift,
  type FeatureReference,
  type NumericReference,
} from "./types";
