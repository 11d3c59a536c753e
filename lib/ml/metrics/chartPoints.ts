import type { PrCurve, RocCurve } from "./curves";
import { downsampleIndices } from "./downsample";

/** Default point budget for charts: enough for a smooth line, small enough to ship as JSON. */
export const MAX_CHART_POINTS = 200;

/** A ROC point for charts. `threshold` is null for the origin, whose threshold is +Infinity (not representable in JSON). */
export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number | null;
}

/** A precision-recall point for charts. `threshold` is null for the (recall 0, precision 1) start point. */
export interface PrPoint {
  recall: number;
  precision: number;
  threshold: number | null;
}

function jsonThreshold(t: number): number | null {
  return Number.isFinite(t) ? t : null;
}

export function rocChartPoints(curve: RocCurve, maxPoints = MAX_CHART_POINTS): RocPoint[] {
  const picked = downsampleIndices(curve.fpr, curve.tpr, maxPoints);
  return Array.from(picked, (i) => ({ fpr: curve.fpr[i], tpr: curve.tpr[i], threshold: jsonThreshold(curve.thresholds[i]) }));
}

export function prChartPoints(curve: PrCurve, maxPoints = MAX_CHART_POINTS): PrPoint[] {
  const picked = downsampleIndices(curve.recall, curve.precision, maxPoints);
  return Array.from(picked, (i) => ({
    recall: curve.recall[i],
    precision: curve.precision[i],
    threshold: jsonThreshold(curve.thresholds[i]),
  }));
}
