import { describe, expect, it } from "vitest";
import { calibrationSeries, prSeries, rocSeries, thinCurve } from "@/lib/dashboard/model-curves";
import { evaluateBinary } from "@/lib/ml/metrics";
import { mulberry32 } from "@/lib/random/mulberry32";

describe("thinCurve", () => {
  it("keeps both ends, the order and at most maxPoints", () => {
    const pts = Array.from({ length: 1001 }, (_, i) => i);
    for (const max of [2, 3, 10, 200, 1000]) {
      const out = thinCurve(pts, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out[0]).toBe(0);
      expect(out[out.length - 1]).toBe(1000);
      for (let k = 1; k < out.length; k++) expect(out[k]).toBeGreaterThan(out[k - 1]);
    }
    expect(thinCurve(pts, 2000)).toEqual(pts);
    expect(() => thinCurve(pts, 1)).toThrow(RangeError);
  });

  it("keeps a ROC curve monotone from (0,0) to (1,1)", () => {
    const rnd = mulberry32(3);
    const labels = Uint8Array.from({ length: 800 }, () => (rnd() < 0.4 ? 1 : 0));
    const probs = Float64Array.from(labels, (y) => Math.min(1, 0.3 * y + 0.7 * rnd()));
    const m = evaluateBinary(probs, labels);
    const roc = rocSeries(m.rocCurve, 50);
    expect(roc.length).toBeLessThanOrEqual(50);
    expect(roc[0]).toEqual({ x: 0, y: 0 });
    expect(roc[roc.length - 1]).toEqual({ x: 1, y: 1 });
    for (let k = 1; k < roc.length; k++) {
      expect(roc[k].x).toBeGreaterThanOrEqual(roc[k - 1].x);
      expect(roc[k].y).toBeGreaterThanOrEqual(roc[k - 1].y);
    }
    const pr = prSeries(m.prCurve, 50);
    expect(pr[0]).toEqual({ x: 0, y: 1 });
    expect(pr[pr.length - 1].x).toBe(1);
    for (let k = 1; k < pr.length; k++) expect(pr[k].x).toBeGreaterThanOrEqual(pr[k - 1].x);
    expect(rocSeries(undefined)).toEqual([]);
  });

  it("calibration drops empty bins", () => {
    const m = evaluateBinary(Float64Array.of(0.05, 0.07, 0.95), Uint8Array.of(0, 1, 1));
    expect(calibrationSeries(m.calibration)).toEqual([
      { x: 0.06, y: 0.5, count: 2 },
      { x: 0.95, y: 1, count: 1 },
    ]);
  });
});
