import { categoricalCounts, numericCounts, shares, sortedValues } from "./counts";
import { type DriftData, rowCount } from "./data";
import { DriftError } from "./errors";
import { quantileEdges } from "./quantileEdges";
import { DRIFT_REFERENCE_VERSION, type DriftReference, type FeatureReference } from "./types";

export const DEFAULT_DRIFT_BINS = 10;

export interface DriftReferenceOptions {
  /** Quantile bins per numeric feature (2..1000). Default 10. */
  bins?: number;
}

/**
 * Training distributions per feature: quantile bin edges and shares for numeric features,
 * level shares for categorical ones, each with a missing bucket (and an unseen bucket for
 * categories, empty in training by construction unless the data already had unknown codes).
 */
export function buildDriftReference(training: DriftData, options: DriftReferenceOptions = {}): DriftReference {
  const bins = options.bins ?? DEFAULT_DRIFT_BINS;
  if (!Number.isInteger(bins) || bins < 2 || bins > 1000) throw new RangeError(`bins must be an integer in [2, 1000], got ${bins}`);
  const rows = rowCount(training, "training");
  if (rows === 0) throw new DriftError("training data has no rows");
  const stride = training.features.length;
  const features = training.features.map((feature, f): FeatureReference => {
    if (feature.kind === "numeric") {
      const edges = quantileEdges(sortedValues(training.data, stride, f), bins);
      // numericCounts rejects infinite values, so no returned edge can be infinite (JSON-safe).
      const counts = numericCounts(training.data, stride, f, edges, feature.name);
      return { name: feature.name, kind: "numeric", edges, expected: shares(counts, rows) };
    }
    const counts = categoricalCounts(training.data, stride, f, feature.categories.length, feature.name);
    return { name: feature.name, kind: "categorical", categories: [...feature.categories], expected: shares(counts, rows) };
  });
  return { version: DRIFT_REFERENCE_VERSION, rows, bins, features };
}
