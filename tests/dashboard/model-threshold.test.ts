import { describe, expect, it } from "vitest";
import { evaluateBinary } from "@/lib/ml/metrics";
import { mulberry32 } from "@/lib/random/mulberry32";
import { nearestOperatingPoint, operatingPointFor, operatingPoints, thresholdRates } from "@/lib/dashboard/model-threshold";

function bruteForce(probs: number[], labels: number[], t: number) {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  probs.forEach((p, i) => {
    if (p >= t) {
      if (labels[i] === 1) tp++;
      else fp++;
    } else if (labels[i] === 1) fn++;
    else tn++;
  });
  return { tp, fp, tn, fn };
}

function randomSet(n: number, seed: number, decimals: number) {
  const rnd = mulberry32(seed);
  const labels = Array.from({ length: n }, () => (rnd() < 0.3 ? 1 : 0));
  const f = 10 ** decimals;
  // Scores correlated with the label, rounded so that ties occur.
  const probs = labels.map((y) => Math.round(Math.min(1, Math.max(0, 0.25 * y + 0.75 * rnd())) * f) / f);
  return { probs, labels };
}

describe("operating points of stored held-out metrics", () => {
  it("match counting over a small hand-made set at every point", () => {
    const probs = [0.9, 0.8, 0.8, 0.7, 0.6, 0.55, 0.4, 0.4, 0.3, 0.1];
    const labels = [1, 1, 0, 1, 0, 1, 0, 1, 0, 0];
    const m = evaluateBinary(Float64Array.from(probs), Uint8Array.from(labels), 0.5);
    const pts = operatingPoints(m);
    // Every distinct score (no thinning at this size) plus "flag everyone" at 0 and atThreshold at 0.5.
    expect(pts.map((p) => p.threshold)).toEqual([0, 0.1, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9]);
    for (const p of pts) expect(p.confusion).toEqual(bruteForce(probs, labels, p.threshold));
    const at = pts.find((p) => p.threshold === 0.8);
    expect(at?.confusion).toEqual({ tp: 2, fp: 1, tn: 4, fn: 3 });
  });

  it("stay exact when the stored curves were thinned (1,000 rows, ties)", () => {
    const { probs, labels } = randomSet(1000, 7, 3);
    const m = evaluateBinary(Float64Array.from(probs), Uint8Array.from(labels), 0.5);
    expect(m.rocCurve.length).toBeLessThanOrEqual(200);
    const pts = operatingPoints(m);
    expect(pts.length).toBeGreaterThan(150);
    for (const p of pts) expect(p.confusion).toEqual(bruteForce(probs, labels, p.threshold));
    // Thresholds strictly increase, flagged rows never increase with the threshold.
    for (let k = 1; k < pts.length; k++) {
      expect(pts[k].threshold).toBeGreaterThan(pts[k - 1].threshold);
      expect(pts[k].confusion.tp + pts[k].confusion.fp).toBeLessThanOrEqual(pts[k - 1].confusion.tp + pts[k - 1].confusion.fp);
    }
  });

  it("claim exactness between points only where counting agrees", () => {
    const { probs, labels } = randomSet(1500, 11, 4);
    const m = evaluateBinary(Float64Array.from(probs), Uint8Array.from(labels), 0.5);
    const pts = operatingPoints(m);
    let checked = 0;
    for (let t = 0.0005; t < 1; t += 0.0037) {
      const { index, exact } = operatingPointFor(pts, t);
      if (exact) {
        checked++;
        expect(pts[index].confusion).toEqual(bruteForce(probs, labels, t));
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(operatingPointFor(pts, pts[5].threshold)).toEqual({ index: 5, exact: true });
  });

  it("picks the nearest threshold", () => {
    const pts = [0, 0.2, 0.5].map((threshold) => ({ threshold, exactFrom: threshold, confusion: { tp: 0, fp: 0, tn: 0, fn: 0 } }));
    expect(nearestOperatingPoint(pts, 0.31)).toBe(1);
    expect(nearestOperatingPoint(pts, 0.36)).toBe(2);
    expect(nearestOperatingPoint(pts, 0.9)).toBe(2);
    expect(() => nearestOperatingPoint([], 0.5)).toThrow(RangeError);
  });

  it("rates follow lib/ml/metrics, zero denominators give 0", () => {
    const probs = [0.9, 0.7, 0.4, 0.2, 0.6];
    const labels = [1, 0, 1, 0, 0];
    const m = evaluateBinary(Float64Array.from(probs), Uint8Array.from(labels), 0.5);
    const r = thresholdRates(m.atThreshold.confusion);
    expect(r.precision).toBeCloseTo(m.atThreshold.precision, 12);
    expect(r.recall).toBeCloseTo(m.atThreshold.recall, 12);
    expect(r.f1).toBeCloseTo(m.atThreshold.f1, 12);
    expect(r.accuracy).toBeCloseTo(m.atThreshold.accuracy, 12);
    expect(r.flaggedRate).toBeCloseTo(3 / 5, 12);
    expect(thresholdRates({ tp: 0, fp: 0, tn: 3, fn: 2 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});
