import { describe, expect, it } from "vitest";
import { brierScore, calibrationTable, logLoss } from "@/lib/ml/metrics";
import { EXAMPLE_LABELS, EXAMPLE_PROBS } from "./testData";

describe("logLoss", () => {
  it("matches the hand-computed running example", () => {
    // Probability given to the true class: .9 .8 .3 .6 .6 .3 .8 .9, each value twice, so
    // loss = -(1/4) ln(.9 * .8 * .3 * .6) = -(1/4) ln(0.1296) = 0.5108256237659907.
    expect(logLoss(EXAMPLE_PROBS, EXAMPLE_LABELS)).toBeCloseTo(0.5108256237659907, 12);
  });

  it("is ln 2 for constant 0.5 predictions", () => {
    expect(logLoss(Float64Array.of(0.5, 0.5, 0.5), Uint8Array.of(0, 1, 1))).toBeCloseTo(Math.LN2, 14);
  });

  it("clips certain mistakes at 1e-15 (-ln 1e-15 = 34.538776394910684) and certain hits to ~0", () => {
    expect(logLoss(Float64Array.of(0, 1), Uint8Array.of(1, 0))).toBeCloseTo(34.538776394910684, 9);
    expect(logLoss(Float64Array.of(1, 0), Uint8Array.of(1, 0))).toBeLessThan(2e-15);
  });

  it("rejects probabilities outside [0, 1]", () => {
    expect(() => logLoss(Float64Array.of(0.2, 1.5), Uint8Array.of(0, 1))).toThrow(/probability at index 1 is 1.5/);
  });
});

describe("brierScore", () => {
  it("matches the hand-computed running example", () => {
    // Errors .1 .2 .7 .4 .4 .7 .2 .1; squares sum to 2*(.01+.04+.49+.16) = 1.4; /8 = 0.175.
    expect(brierScore(EXAMPLE_PROBS, EXAMPLE_LABELS)).toBeCloseTo(0.175, 14);
  });

  it("is 0 for perfect certain predictions and 1 for certain wrong ones", () => {
    expect(brierScore(Float64Array.of(1, 0), Uint8Array.of(1, 0))).toBe(0);
    expect(brierScore(Float64Array.of(0, 1), Uint8Array.of(1, 0))).toBe(1);
  });
});

describe("calibrationTable", () => {
  it("bins into ten equal-width bins with count, mean prediction and observed rate", () => {
    // bin 0: {0.05 (0)}             -> count 1, mean 0.05,  rate 0
    // bin 1: {0.15 (0), 0.12 (1)}   -> count 2, mean 0.135, rate 0.5
    // bin 5: {0.55 (0)}             -> count 1, mean 0.55,  rate 0
    // bin 9: {0.95 (1), 1.0 (1)}    -> count 2, mean 0.975, rate 1  (1.0 falls in the last bin)
    const bins = calibrationTable(Float64Array.of(0.05, 0.15, 0.12, 0.95, 1, 0.55), Uint8Array.of(0, 0, 1, 1, 1, 0));
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(bins[1].meanPredicted).toBeCloseTo(0.135, 14);
    expect(bins[1].observedRate).toBe(0.5);
    expect(bins[1].positives).toBe(1);
    expect(bins[9].meanPredicted).toBeCloseTo(0.975, 14);
    expect(bins[9].observedRate).toBe(1);
    expect(bins[0]).toEqual({ lower: 0, upper: 0.1, count: 1, positives: 0, meanPredicted: 0.05, observedRate: 0 });
    expect(bins[3]).toEqual({ lower: 0.3, upper: 0.4, count: 0, positives: 0, meanPredicted: null, observedRate: null });
  });

  it("puts a bin edge value in the upper bin", () => {
    const bins = calibrationTable(Float64Array.of(0, 0.5), Uint8Array.of(0, 1));
    expect(bins[0].count).toBe(1);
    expect(bins[5].count).toBe(1);
  });
});
