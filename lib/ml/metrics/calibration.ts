import { type BinaryLabels, checkInputs } from "./inputs";

export const CALIBRATION_BINS = 10;

/**
 * One equal-width bin of predicted probability. Bin b covers [b/10, (b+1)/10); the last bin also
 * includes 1. Empty bins keep their place (so charts get a fixed x axis) with null means.
 */
export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Number of label-1 rows in the bin. */
  positives: number;
  /** Mean predicted probability of the rows in the bin; null when the bin is empty. */
  meanPredicted: number | null;
  /** Fraction of rows in the bin whose label is 1; null when the bin is empty. */
  observedRate: number | null;
}

export function calibrationTable(probs: Float64Array, labels: BinaryLabels): CalibrationBin[] {
  checkInputs(probs, labels, true);
  const count = new Float64Array(CALIBRATION_BINS);
  const sumPred = new Float64Array(CALIBRATION_BINS);
  const positives = new Float64Array(CALIBRATION_BINS);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const b = Math.min(Math.floor(p * CALIBRATION_BINS), CALIBRATION_BINS - 1);
    count[b]++;
    sumPred[b] += p;
    positives[b] += labels[i];
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < CALIBRATION_BINS; b++) {
    const c = count[b];
    bins.push({
      lower: b / CALIBRATION_BINS,
      upper: (b + 1) / CALIBRATION_BINS,
      count: c,
      positives: positives[b],
      meanPredicted: c === 0 ? null : sumPred[b] / c,
      observedRate: c === 0 ? null : positives[b] / c,
    });
  }
  return bins;
}
