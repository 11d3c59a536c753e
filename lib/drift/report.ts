import type { FeatureSpec } from "../ml/dataset/schema";
import { categoricalCounts, numericCounts, shares } from "./counts";
import { type DriftData, rowCount } from "./data";
import { DriftError } from "./errors";
import { type BucketLabel, categoricalLabels, numericLabels } from "./labels";
import { DEFAULT_DRIFT_THRESHOLDS, DEFAULT_PSI_EPSILON, driftStatus, populationStabilityIndex, validateThresholds } from "./psi";
import { parseDriftReference } from "./parseReference";
import type { CategoricalReference, DriftBucket, DriftReference, DriftReport, DriftThresholds, FeatureDrift } from "./types";

export interface DriftReportOptions {
  thresholds?: DriftThresholds;
  /** Share floor for empty buckets; default 1e-4 (see DEFAULT_PSI_EPSILON). */
  epsilon?: number;
}

/**
 * Maps the current schema's category codes to the reference's by category text, so data encoded
 * with a newer category list (new levels appended, or a different order) is still compared level
 * by level; levels the reference never saw count as unseen. Undefined when the lists match.
 */
function categoryRemap(reference: CategoricalReference, current: readonly string[]): Int32Array | undefined {
  const same = current.length === reference.categories.length && current.every((c, i) => c === reference.categories[i]);
  if (same) return undefined;
  const index = new Map(reference.categories.map((c, i) => [c, i]));
  return Int32Array.from(current, (c) => index.get(c) ?? -1);
}

function buckets(labels: BucketLabel[], expected: readonly number[], actual: readonly number[]): DriftBucket[] {
  return labels.map((l, b) => ({ label: l.label, kind: l.kind, expected: expected[b], actual: actual[b] }));
}

/**
 * PSI per reference feature between the training shares and the current data. Current features
 * are matched by name (extra ones are ignored); a reference feature missing from the data, or
 * present with another kind, is an error.
 */
export function driftReport(reference: DriftReference, current: DriftData, options: DriftReportOptions = {}): DriftReport {
  const ref = parseDriftReference(reference);
  const thresholds = validateThresholds(options.thresholds ?? DEFAULT_DRIFT_THRESHOLDS);
  const epsilon = options.epsilon ?? DEFAULT_PSI_EPSILON;
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`epsilon must be in (0, 1), got ${epsilon}`);
  const rows = rowCount(current, "current");
  if (rows === 0) throw new DriftError("current data has no rows");
  const stride = current.features.length;
  const columns = new Map<string, [number, FeatureSpec]>(current.features.map((f, i) => [f.name, [i, f]]));

  const features = ref.features.map((feature): FeatureDrift => {
    const found = columns.get(feature.name);
    if (found === undefined) throw new DriftError(`feature "${feature.name}" of the reference is missing from the current data`, { feature: feature.name });
    const [column, spec] = found;
    if (spec.kind !== feature.kind) {
      throw new DriftError(`feature "${feature.name}" is ${feature.kind} in the reference but ${spec.kind} in the current data`, { feature: feature.name });
    }
    let actual: number[];
    let labels: BucketLabel[];
    if (feature.kind === "numeric") {
      actual = shares(numericCounts(current.data, stride, column, feature.edges, feature.name), rows);
      labels = numericLabels(feature.edges);
    } else {
      const remap = spec.kind === "categorical" ? categoryRemap(feature, spec.categories) : undefined;
      actual = shares(categoricalCounts(current.data, stride, column, feature.categories.length, feature.name, remap), rows);
      labels = categoricalLabels(feature.categories);
    }
    const psi = populationStabilityIndex(feature.expected, actual, epsilon);
    return { name: feature.name, kind: feature.kind, psi, status: driftStatus(psi, thresholds), buckets: buckets(labels, feature.expected, actual) };
  });

  const maxPsi = features.reduce((m, f) => Math.max(m, f.psi), 0);
  return { rows, features, maxPsi, status: driftStatus(maxPsi, thresholds) };
}
