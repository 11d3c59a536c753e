import type { BinaryEvaluation } from "../ml/metrics/evaluate";
import type { ConfusionMatrix } from "../ml/metrics/confusion";

/**
 * Confusion matrices of the held-out set at the thresholds whose counts model.json pins down.
 *
 * The held-out rows themselves are not stored with a model, only its evaluation. Every stored ROC
 * point (fpr, tpr at threshold t) and precision-recall point (recall, precision at t) is a point
 * of the full curve, so with the class totals it gives the exact counts of the rule "flag when
 * p >= t"; so do `atThreshold` and `bestF1`. Between two stored thresholds the counts are only
 * known when the two are neighbouring scores (see `exactFrom`), so the dashboard moves between
 * these operating points rather than pretending to know the counts anywhere else.
 */
export interface OperatingPoint {
  /** Flag a participant when p >= threshold. */
  threshold: number;
  confusion: ConfusionMatrix;
  /**
   * Lowest threshold (exclusive) from which the same counts hold: every t in (exactFrom, threshold]
   * flags the same rows. Equal to `threshold` when only the point itself is known.
   */
  exactFrom: number;
}

export interface ThresholdRates {
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  specificity: number;
  /** Share of rows flagged. */
  flaggedRate: number;
}

type StoredMetrics = Pick<BinaryEvaluation, "positives" | "negatives" | "atThreshold" | "bestF1"> &
  Partial<Pick<BinaryEvaluation, "rocCurve" | "prCurve">>;

function confusionAt(tp: number, fp: number, positives: number, negatives: number): ConfusionMatrix {
  return { tp, fp, fn: positives - tp, tn: negatives - fp };
}

/**
 * Every operating point model.json determines, sorted by increasing threshold, one per distinct
 * threshold. Includes "flag everyone" at threshold 0 (every probability is >= 0).
 */
export function operatingPoints(metrics: StoredMetrics): OperatingPoint[] {
  const { positives: P, negatives: N } = metrics;
  const byThreshold = new Map<number, ConfusionMatrix>();
  const add = (t: number | null, c: ConfusionMatrix) => {
    if (t === null || !Number.isFinite(t) || t < 0 || t > 1) return;
    if (c.tp < 0 || c.fp < 0 || c.tp > P || c.fp > N) return;
    if (!byThreshold.has(t)) byThreshold.set(t, c);
  };
  add(0, confusionAt(P, N, P, N));
  add(metrics.atThreshold.threshold, metrics.atThreshold.confusion);
  if (metrics.bestF1) add(metrics.bestF1.threshold, metrics.bestF1.metrics.confusion);
  // Rates are ratios of integer counts: rounding recovers the counts exactly.
  for (const p of metrics.rocCurve ?? []) add(p.threshold, confusionAt(Math.round(p.tpr * P), Math.round(p.fpr * N), P, N));
  for (const p of metrics.prCurve ?? []) {
    if (p.precision <= 0) continue;
    const tp = Math.round(p.recall * P);
    add(p.threshold, confusionAt(tp, Math.round(tp / p.precision) - tp, P, N));
  }
  const sorted = [...byThreshold.entries()].sort((a, b) => a[0] - b[0]);
  return sorted.map(([threshold, confusion], k) => {
    if (k === 0) return { threshold, confusion, exactFrom: threshold };
    const [lower, below] = sorted[k - 1];
    // Rows with scores in [lower, threshold). The lower threshold is itself a score (or 0 with the
    // "flag everyone" point), so one such row sits exactly at `lower` and nothing lies in between.
    const between = below.tp + below.fp - (confusion.tp + confusion.fp);
    const neighbours = between === 1 && lower > 0;
    return { threshold, confusion, exactFrom: neighbours ? lower : threshold };
  });
}

/** Index of the operating point whose threshold is closest to `t` (ties: the lower threshold). */
export function nearestOperatingPoint(points: readonly OperatingPoint[], t: number): number {
  if (points.length === 0) throw new RangeError("no operating points");
  let best = 0;
  for (let i = 1; i < points.length; i++) {
    if (Math.abs(points[i].threshold - t) < Math.abs(points[best].threshold - t)) best = i;
  }
  return best;
}

function ratio(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

/** Same conventions as lib/ml/metrics: zero denominators give 0. */
export function thresholdRates(c: ConfusionMatrix): ThresholdRates {
  const n = c.tp + c.fp + c.tn + c.fn;
  return {
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
    f1: ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn),
    accuracy: ratio(c.tp + c.tn, n),
    specificity: ratio(c.tn, c.tn + c.fp),
    flaggedRate: ratio(c.tp + c.fp, n),
  };
}

/**
 * The operating point to show for a typed threshold `t`: the stored point whose counts hold at `t`
 * when there is one (`exact`), else the nearest stored threshold.
 */
export function operatingPointFor(points: readonly OperatingPoint[], t: number): { index: number; exact: boolean } {
  const above = points.findIndex((p) => p.threshold >= t);
  if (above >= 0 && (points[above].threshold === t || t > points[above].exactFrom)) return { index: above, exact: true };
  return { index: nearestOperatingPoint(points, t), exact: false };
}
