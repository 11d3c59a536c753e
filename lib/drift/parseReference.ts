import { DriftError } from "./errors";
import { DRIFT_REFERENCE_VERSION, type DriftReference, type FeatureReference } from "./types";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function shareArray(value: unknown, length: number, where: string, feature: string): number[] {
  if (!Array.isArray(value) || value.length !== length) throw new DriftError(`${where}.expected must be an array of ${length} shares`, { feature });
  let sum = 0;
  for (const share of value) {
    if (typeof share !== "number" || !(share >= 0 && share <= 1)) throw new DriftError(`${where}.expected must hold shares in [0, 1]`, { feature });
    sum += share;
  }
  if (Math.abs(sum - 1) > 1e-9) throw new DriftError(`${where}.expected sums to ${sum}, not 1`, { feature });
  return value as number[];
}

function parseFeature(value: unknown, f: number): FeatureReference {
  const where = `reference.features[${f}]`;
  if (!isObject(value) || typeof value.name !== "string" || value.name === "") throw new DriftError(`${where} must be an object with a non-empty name`);
  const name = value.name;
  if (value.kind === "numeric") {
    const edges = value.edges;
    if (!Array.isArray(edges) || !edges.every((e, i) => typeof e === "number" && Number.isFinite(e) && (i === 0 || e > edges[i - 1]))) {
      throw new DriftError(`${where}.edges must be strictly increasing finite numbers`, { feature: name });
    }
    return { name, kind: "numeric", edges: edges as number[], expected: shareArray(value.expected, edges.length + 2, where, name) };
  }
  if (value.kind === "categorical") {
    const categories = value.categories;
    if (!Array.isArray(categories) || !categories.every((c) => typeof c === "string")) {
      throw new DriftError(`${where}.categories must be an array of strings`, { feature: name });
    }
    return { name, kind: "categorical", categories: categories as string[], expected: shareArray(value.expected, categories.length + 2, where, name) };
  }
  throw new DriftError(`${where}.kind must be "numeric" or "categorical"`, { feature: name });
}

/**
 * Checks a reference read back from storage (JSON.parse output) before it is trusted, so a
 * corrupted or hand-edited file fails here with a precise message instead of producing NaN PSIs.
 */
export function parseDriftReference(value: unknown): DriftReference {
  if (!isObject(value)) throw new DriftError("reference must be an object");
  if (value.version !== DRIFT_REFERENCE_VERSION) throw new DriftError(`reference.version must be ${DRIFT_REFERENCE_VERSION}, got ${String(value.version)}`);
  if (typeof value.rows !== "number" || !Number.isInteger(value.rows) || value.rows < 1) throw new DriftError("reference.rows must be an integer >= 1");
  if (typeof value.bins !== "number" || !Number.isInteger(value.bins) || value.bins < 2) throw new DriftError("reference.bins must be an integer >= 2");
  if (!Array.isArray(value.features)) throw new DriftError("reference.features must be an array");
  const features = value.features.map(parseFeature);
  const names = new Set<string>();
  for (const feature of features) {
    if (names.has(feature.name)) throw new DriftError(`reference feature "${feature.name}" appears twice`, { feature: feature.name });
    names.add(feature.name);
  }
  return { version: DRIFT_REFERENCE_VERSION, rows: value.rows, bins: value.bins, features };
}
