import type { CalibrationBin } from "../ml/metrics/calibration";
import type { PrPoint, RocPoint } from "../ml/metrics/chartPoints";

export interface XY {
  x: number;
  y: number;
}

/**
 * Thins a curve to at most `maxPoints` points for drawing, keeping both ends and the original
 * order (so a monotone curve stays monotone). Points are taken evenly by index over the stored
 * curve, which model.json already spaced evenly along the curve's length.
 */
export function thinCurve<T>(points: readonly T[], maxPoints: number): T[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  if (points.length <= maxPoints) return [...points];
  const out: T[] = [];
  let last = -1;
  for (let k = 0; k < maxPoints; k++) {
    const i = Math.round((k * (points.length - 1)) / (maxPoints - 1));
    if (i !== last) out.push(points[i]);
    last = i;
  }
  return out;
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** ROC points as chart coordinates (x = false-positive rate, y = true-positive rate). */
export function rocSeries(curve: readonly RocPoint[] | undefined, maxPoints = 200): XY[] {
  return thinCurve(curve ?? [], maxPoints).map((p) => ({ x: round(p.fpr), y: round(p.tpr) }));
}

/** Precision-recall points as chart coordinates (x = recall, y = precision). */
export function prSeries(curve: readonly PrPoint[] | undefined, maxPoints = 200): XY[] {
  return thinCurve(curve ?? [], maxPoints).map((p) => ({ x: round(p.recall), y: round(p.precision) }));
}

/** Calibration bins that hold rows: mean predicted probability against observed withdrawal rate. */
export function calibrationSeries(bins: readonly CalibrationBin[]): Array<XY & { count: number }> {
  return bins.flatMap((b) =>
    b.count > 0 && b.meanPredicted !== null && b.observedRate !== null ? [{ x: round(b.meanPredicted), y: round(b.observedRate), count: b.count }] : [],
  );
}
