import { describe, expect, it } from "vitest";
import { downsampleIndices, prChartPoints, prCurve, rocChartPoints, rocCurve } from "@/lib/ml/metrics";
import { EXAMPLE_LABELS, EXAMPLE_PROBS, lcg } from "./testData";

function trapezoid(x: Float64Array, y: Float64Array): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return area;
}

describe("rocCurve", () => {
  it("lists every distinct threshold of the running example from (0,0) to (1,1)", () => {
    // Walking down the scores: pos -> tpr +1/4, neg -> fpr +1/4.
    const c = rocCurve(EXAMPLE_PROBS, EXAMPLE_LABELS);
    expect(Array.from(c.thresholds)).toEqual([Infinity, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1]);
    expect(Array.from(c.fpr)).toEqual([0, 0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 1]);
    expect(Array.from(c.tpr)).toEqual([0, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1, 1]);
    // Its trapezoidal area is the AUC counted by hand (13/16).
    expect(trapezoid(c.fpr, c.tpr)).toBeCloseTo(0.8125, 14);
  });

  it("is empty when a class is absent", () => {
    expect(rocCurve(Float64Array.of(0.1, 0.2), Uint8Array.of(1, 1)).fpr).toHaveLength(0);
  });
});

describe("prCurve", () => {
  it("starts at (recall 0, precision 1) and ends at recall 1 with precision = positive rate", () => {
    const c = prCurve(EXAMPLE_PROBS, EXAMPLE_LABELS);
    expect(Array.from(c.recall)).toEqual([0, 0.25, 0.5, 0.5, 0.75, 0.75, 1, 1, 1]);
    // precision = tp / flagged: 1/1, 2/2, 2/3, 3/4, 3/5, 4/6, 4/7, 4/8
    const expected = [1, 1, 1, 2 / 3, 3 / 4, 3 / 5, 4 / 6, 4 / 7, 4 / 8];
    Array.from(c.precision).forEach((p, i) => expect(p).toBeCloseTo(expected[i], 14));
    expect(c.thresholds[0]).toBe(Infinity);
  });

  it("is empty when there are no positives", () => {
    expect(prCurve(Float64Array.of(0.1, 0.2), Uint8Array.of(0, 0)).recall).toHaveLength(0);
  });
});

describe("chart points", () => {
  it("keeps all points of a short curve and turns the +Infinity threshold into null", () => {
    const points = rocChartPoints(rocCurve(EXAMPLE_PROBS, EXAMPLE_LABELS));
    expect(points).toHaveLength(9);
    expect(points[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
    expect(points[8]).toEqual({ fpr: 1, tpr: 1, threshold: 0.1 });
    expect(prChartPoints(prCurve(EXAMPLE_PROBS, EXAMPLE_LABELS))[0]).toEqual({ recall: 0, precision: 1, threshold: null });
  });

  it("thins a long curve to at most 200 points, keeping both ends and the order", () => {
    const n = 20_000;
    const rnd = lcg(7);
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = rnd();
      labels[i] = rnd() < scores[i] ? 1 : 0;
    }
    const full = rocCurve(scores, labels);
    const points = rocChartPoints(full);
    expect(full.fpr.length).toBeGreaterThan(10_000);
    expect(points.length).toBeLessThanOrEqual(200);
    expect(points.length).toBeGreaterThan(150);
    expect(points[0]).toEqual({ fpr: 0, tpr: 0, threshold: null });
    expect(points[points.length - 1]).toMatchObject({ fpr: 1, tpr: 1 });
    for (let i = 1; i < points.length; i++) {
      expect(points[i].threshold ?? Infinity).toBeLessThan(points[i - 1].threshold ?? Infinity);
    }
    // The thinned curve still traces the same area closely.
    const fpr = Float64Array.from(points, (p) => p.fpr);
    const tpr = Float64Array.from(points, (p) => p.tpr);
    expect(Math.abs(trapezoid(fpr, tpr) - trapezoid(full.fpr, full.tpr))).toBeLessThan(0.005);

    const pr = prChartPoints(prCurve(scores, labels), 50);
    expect(pr.length).toBeLessThanOrEqual(50);
    expect(pr[pr.length - 1].recall).toBe(1);
  });

  it("downsampleIndices spaces points by distance along the curve", () => {
    // 1000 points crowded on the first tenth of the x axis, then 3 points spread over the rest:
    // index-based thinning would spend nearly all of the budget on the crowded stretch.
    const x = new Float64Array(1003);
    const y = new Float64Array(1003);
    for (let i = 0; i < 1000; i++) x[i] = (0.1 * i) / 999;
    x[1000] = 0.4;
    x[1001] = 0.7;
    x[1002] = 1;
    const picked = Array.from(downsampleIndices(x, y, 11));
    expect(picked[0]).toBe(0);
    expect(picked[picked.length - 1]).toBe(1002);
    expect(picked).toContain(1000);
    expect(picked).toContain(1001);
    expect(() => downsampleIndices(x, y, 1)).toThrow(/maxPoints/);
  });
});
