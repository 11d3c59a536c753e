import type { FeatureKind } from "../ml/dataset/schema";

/**
 * Reference distributions are plain JSON (finite numbers, strings, arrays) so they can be stored
 * next to a model version and read back unchanged.
 *
 * Bucket layout, shared by `expected` here and the report's buckets:
 *   numeric:     edges.length + 1 bins — (−∞, e0], (e0, e1], …, (e_last, +∞) — then "missing"
 *   categorical: one bucket per category (by code), then "unseen", then "missing"
 */
export interface NumericReference {
  name: string;
  kind: "numeric";
  /** Strictly increasing inner bin edges; bins are closed on the right. */
  edges: number[];
  /** Training share of rows per bucket (sums to 1 when the training data had rows). */
  expected: number[];
}

export interface CategoricalReference {
  name: string;
  kind: "categorical";
  /** Category texts in code order, as in the training schema. */
  categories: string[];
  expected: number[];
}

export type FeatureReference = NumericReference | CategoricalReference;

export const DRIFT_REFERENCE_VERSION = 1;

export interface DriftReference {
  version: typeof DRIFT_REFERENCE_VERSION;
  /** Training rows the shares were computed from. */
  rows: number;
  /** Requested number of quantile bins for numeric features (ties can leave fewer). */
  bins: number;
  features: FeatureReference[];
}

export type DriftStatus = "stable" | "moderate" | "significant";

/** PSI < moderate → stable; moderate ≤ PSI ≤ significant → moderate; PSI > significant → significant. */
export interface DriftThresholds {
  moderate: number;
  significant: number;
}

export type BucketKind = "bin" | "category" | "unseen" | "missing";

export interface DriftBucket {
  label: string;
  kind: BucketKind;
  /** Share of training rows in the bucket. */
  expected: number;
  /** Share of current rows in the bucket. */
  actual: number;
}

export interface FeatureDrift {
  name: string;
  kind: FeatureKind;
  psi: number;
  status: DriftStatus;
  buckets: DriftBucket[];
}

export interface DriftReport {
  /** Rows in the current data. */
  rows: number;
  features: FeatureDrift[];
  /** Largest feature PSI (0 without features). */
  maxPsi: number;
  /** Status of the largest PSI: the worst feature decides. */
  status: DriftStatus;
}
