import type { FeatureSpec } from "../ml/dataset/schema";
import { DriftError } from "./errors";

/**
 * A feature matrix as lib/ml/dataset produces it: row-major, `data[row * features.length + f]`,
 * NaN for missing, categorical values as integer codes into `features[f].categories`
 * (codes ≥ categories.length are categories unseen in training).
 */
export interface DriftData {
  data: Float64Array;
  features: readonly FeatureSpec[];
}

/** Checks the layout and returns the row count. */
export function rowCount(input: DriftData, what: string): number {
  const { data, features } = input;
  if (!(data instanceof Float64Array)) throw new DriftError(`${what}.data must be a Float64Array`);
  if (!Array.isArray(features) || features.length === 0) throw new DriftError(`${what}.features must be a non-empty array`);
  const names = new Set<string>();
  features.forEach((feature, f) => {
    if (typeof feature.name !== "string" || feature.name === "") throw new DriftError(`${what}.features[${f}].name must be a non-empty string`);
    if (names.has(feature.name)) throw new DriftError(`${what}.features[${f}].name "${feature.name}" is used twice`, { feature: feature.name });
    names.add(feature.name);
    if (feature.kind === "categorical") {
      if (!Array.isArray(feature.categories) || feature.categories.some((c: unknown) => typeof c !== "string")) {
        throw new DriftError(`${what}.features[${f}].categories must be an array of strings`, { feature: feature.name });
      }
    } else if (feature.kind !== "numeric") {
      throw new DriftError(`${what}.features[${f}].kind must be "numeric" or "categorical"`, { feature: feature.name });
    }
  });
  if (data.length % features.length !== 0) {
    throw new DriftError(`${what}.data has ${data.length} values, not a multiple of ${features.length} features`);
  }
  return data.length / features.length;
}
