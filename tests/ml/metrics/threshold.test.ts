import { describe, expect, it } from "vitest";
import { chooseThreshold, classificationMetrics, confusionMatrix } from "@/lib/ml/metrics";
import { EXAMPLE_LABELS, EXAMPLE_PROBS } from "./testData";

describe("confusion matrix and threshold metrics", () => {
  it("matches the hand-computed running example at 0.5", () => {
    // Flagged (p >= 0.5): .9(1) .8(1) .7(0) .6(1) -> tp 3, fp 1; unflagged .4(0) .3(1) .2(0) .1(0) -> tn 3, fn 1.
    const m = classificationMetrics(EXAMPLE_PROBS, EXAMPLE_LABELS, 0.5);
    expect(m.confusion).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1 });
    expect(m).toMatchObject({ threshold: 0.5, accuracy: 0.75, precision: 0.75, recall: 0.75, specificity: 0.75, f1: 0.75 });
  });

  it("flags a probability equal to the threshold", () => {
    // At 0.7: flagged .9 .8 .7 -> tp 2, fp 1, fn 2, tn 3.
    // accuracy 5/8, precision 2/3, recall 1/2, specificity 3/4, F1 = 2*2/(2*2+1+2) = 4/7.
    const m = classificationMetrics(EXAMPLE_PROBS, EXAMPLE_LABELS, 0.7);
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 3, fn: 2 });
    expect(m.accuracy).toBe(5 / 8);
    expect(m.precision).toBeCloseTo(2 / 3, 14);
    expect(m.recall).toBe(0.5);
    expect(m.specificity).toBe(0.75);
    expect(m.f1).toBeCloseTo(4 / 7, 14);
  });

  it("reports 0 for ratios with a zero denominator", () => {
    // Nothing flagged: precision 0/0 -> 0, recall 0, F1 0; accuracy = negatives/n = 4/8.
    const m = classificationMetrics(EXAMPLE_PROBS, EXAMPLE_LABELS, 0.95);
    expect(m.confusion).toEqual({ tp: 0, fp: 0, tn: 4, fn: 4 });
    expect(m).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 0.5, specificity: 1 });
  });

  it("defaults to 0.5 and rejects a NaN threshold", () => {
    expect(confusionMatrix(EXAMPLE_PROBS, EXAMPLE_LABELS)).toEqual({ tp: 3, fp: 1, tn: 3, fn: 1 });
    expect(() => confusionMatrix(EXAMPLE_PROBS, EXAMPLE_LABELS, Number.NaN)).toThrow(/threshold is NaN/);
  });
});

describe("chooseThreshold", () => {
  it("maximises F1 (hand-computed)", () => {
    // F1 at each candidate: .9 -> 2/5, .8 -> 4/6, .7 -> 4/7, .6 -> 6/8, .4 -> 6/9,
    // .3 -> 8/10, .2 -> 8/11, .1 -> 8/12. Best: 0.8 at threshold 0.3.
    const c = chooseThreshold(EXAMPLE_PROBS, EXAMPLE_LABELS);
    expect(c?.criterion).toBe("maxF1");
    expect(c?.threshold).toBe(0.3);
    expect(c?.value).toBeCloseTo(0.8, 14);
    expect(c?.metrics.confusion).toEqual({ tp: 4, fp: 2, tn: 2, fn: 0 });
  });

  it("maximises Youden's J and breaks ties towards the highest threshold", () => {
    // J = recall - fpr: .9 -> .25, .8 -> .5, .7 -> .25, .6 -> .5, .4 -> .25, .3 -> .5, .2 -> .25, .1 -> 0.
    // .8, .6 and .3 tie at 0.5; the highest (0.8) flags fewest rows.
    const c = chooseThreshold(EXAMPLE_PROBS, EXAMPLE_LABELS, { kind: "maxYouden" });
    expect(c?.threshold).toBe(0.8);
    expect(c?.value).toBe(0.5);
  });

  it("finds the highest threshold reaching a recall target", () => {
    // Recall: .9 -> .25, .8 -> .5, .7 -> .5, .6 -> .75 (first to reach 0.75).
    const c = chooseThreshold(EXAMPLE_PROBS, EXAMPLE_LABELS, { kind: "minRecall", recall: 0.75 });
    expect(c?.threshold).toBe(0.6);
    expect(c?.value).toBe(0.75);
    expect(() => chooseThreshold(EXAMPLE_PROBS, EXAMPLE_LABELS, { kind: "minRecall", recall: 0 })).toThrow(/\(0, 1\]/);
  });

  it("returns null when the criterion is undefined", () => {
    expect(chooseThreshold(Float64Array.of(0.2, 0.4), Uint8Array.of(0, 0))).toBeNull();
    expect(chooseThreshold(Float64Array.of(0.2, 0.4), Uint8Array.of(1, 1), { kind: "maxYouden" })).toBeNull();
    expect(chooseThreshold(Float64Array.of(0.2, 0.4), Uint8Array.of(1, 1))?.threshold).toBe(0.2);
  });
});
