import type { DriftStatus, DriftThresholds } from "./types";

/** Industry-standard PSI bands (Siddiqi, credit scoring). */
export const DEFAULT_DRIFT_THRESHOLDS: Readonly<DriftThresholds> = Object.freeze({ moderate: 0.1, significant: 0.25 });

/**
 * Floor for an empty bucket's share. ln(a/e) is infinite when either share is 0; flooring both at
 * 1e-4 (one row in ten thousand) caps one empty bucket's contribution at about
 * (share − 1e-4) · ln(share / 1e-4) — 0.69 for a 10 % bucket — so a new category or an emptied
 * bin still reads as a significant shift without making the total infinite.
 */
export const DEFAULT_PSI_EPSILON = 1e-4;

/**
 * PSI = Σ (a − e) · ln(a / e) over buckets, with a = max(actual share, ε), e = max(expected share, ε).
 * Shares are not renormalised after flooring; a bucket empty on both sides contributes 0.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[], epsilon = DEFAULT_PSI_EPSILON): number {
  if (expected.length !== actual.length) throw new RangeError(`expected has ${expected.length} buckets, actual ${actual.length}`);
  let psi = 0;
  for (let b = 0; b < expected.length; b++) {
    const e = Math.max(expected[b], epsilon);
    const a = Math.max(actual[b], epsilon);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}

export function validateThresholds(thresholds: DriftThresholds): DriftThresholds {
  const { moderate, significant } = thresholds;
  if (!(Number.isFinite(moderate) && moderate >= 0)) throw new RangeError(`thresholds.moderate must be a finite number >= 0, got ${moderate}`);
  if (!(Number.isFinite(significant) && significant >= moderate)) {
    throw new RangeError(`thresholds.significant must be a finite number >= thresholds.moderate (${moderate}), got ${significant}`);
  }
  return thresholds;
}

export function driftStatus(psi: number, thresholds: DriftThresholds = DEFAULT_DRIFT_THRESHOLDS): DriftStatus {
  if (psi > thresholds.significant) return "significant";
  if (psi >= thresholds.moderate) return "moderate";
  return "stable";
}
