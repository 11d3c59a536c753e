import { describe, expect, it } from "vitest";
import { averagePrecision, rocAuc, thresholdCounts } from "@/lib/ml/metrics";
import { EXAMPLE_LABELS, EXAMPLE_PROBS, lcg } from "./testData";

/** O(n^2) oracle: fraction of (positive, negative) pairs ranked correctly, ties worth 1/2. */
function pairwiseAuc(scores: Float64Array, labels: Uint8Array): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      else if (scores[i] === scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

/** O(n^2) oracle: mean over positives of the precision at that positive's own score (ties included). */
function bruteAveragePrecision(scores: Float64Array, labels: Uint8Array): number {
  let sum = 0;
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    positives++;
    let flagged = 0;
    let hits = 0;
    for (let j = 0; j < scores.length; j++) {
      if (scores[j] >= scores[i]) {
        flagged++;
        hits += labels[j];
      }
    }
    sum += hits / flagged;
  }
  return sum / positives;
}

function randomTiedData(n: number, seed: number): { scores: Float64Array; labels: Uint8Array } {
  const rnd = lcg(seed);
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    // One decimal place gives ~11 distinct scores, so almost every row is tied with others.
    scores[i] = Math.round(rnd() * 10) / 10;
    labels[i] = rnd() < 0.3 + 0.4 * scores[i] ? 1 : 0;
  }
  return { scores, labels };
}

describe("thresholdCounts", () => {
  it("groups equal scores and accumulates counts from the highest score down", () => {
    const c = thresholdCounts(Float64Array.of(0.2, 0.6, 0.6, 0.9), Uint8Array.of(0, 1, 0, 1));
    expect(Array.from(c.thresholds)).toEqual([0.9, 0.6, 0.2]);
    expect(Array.from(c.tps)).toEqual([1, 2, 2]);
    expect(Array.from(c.fps)).toEqual([0, 1, 2]);
    expect(c.positives).toBe(2);
    expect(c.negatives).toBe(2);
  });
});

describe("rocAuc", () => {
  it("matches the hand-counted example", () => {
    // Positives 0.9, 0.8, 0.6, 0.3 vs negatives 0.7, 0.4, 0.2, 0.1:
    // 0.9 beats 4, 0.8 beats 4, 0.6 beats 3, 0.3 beats 2 -> 13 of 16 pairs = 0.8125.
    expect(rocAuc(EXAMPLE_PROBS, EXAMPLE_LABELS)).toBeCloseTo(0.8125, 12);
  });

  it("counts a tie as half a win (average rank)", () => {
    // Ascending average ranks: 0.2 -> 1, 0.6/0.6 -> 2.5, 0.9 -> 4. Positive rank sum 6.5,
    // U = 6.5 - 2*3/2 = 3.5, AUC = 3.5 / (2*2) = 0.875.
    expect(rocAuc(Float64Array.of(0.2, 0.6, 0.6, 0.9), Uint8Array.of(0, 1, 0, 1))).toBe(0.875);
  });

  it("reproduces the scikit-learn documentation example", () => {
    // roc_auc_score([0,0,1,1], [0.1,0.4,0.35,0.8]) = 0.75: of 4 pairs only (0.35 vs 0.4) is wrong.
    expect(rocAuc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1))).toBe(0.75);
  });

  it("agrees with the brute-force pairwise count on random data with many ties", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { scores, labels } = randomTiedData(400, seed);
      expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12);
    }
  });

  it("accepts Float64Array labels and raw (non-probability) scores", () => {
    const scores = Float64Array.of(-3, 2.5, 0, 7);
    expect(rocAuc(scores, Float64Array.of(0, 1, 0, 1))).toBe(1);
  });

  it("gives the closed forms: perfect 1, reversed 0, constant 0.5", () => {
    const labels = Uint8Array.of(0, 0, 0, 1, 1);
    expect(rocAuc(Float64Array.of(0.1, 0.2, 0.3, 0.8, 0.9), labels)).toBe(1);
    expect(rocAuc(Float64Array.of(0.9, 0.8, 0.7, 0.2, 0.1), labels)).toBe(0);
    expect(rocAuc(new Float64Array(5).fill(0.4), labels)).toBe(0.5);
  });

  it("is NaN when only one class is present", () => {
    expect(rocAuc(Float64Array.of(0.1, 0.9), Uint8Array.of(1, 1))).toBeNaN();
    expect(rocAuc(Float64Array.of(0.1, 0.9), Uint8Array.of(0, 0))).toBeNaN();
  });

  it("converges to the analytic value 5/6 on a million rows with P(y=1|s) = s", () => {
    // With s ~ U(0,1) and y ~ Bernoulli(s): positives have density 2s, negatives 2(1-s), and
    // P(s+ > s-) = 4 * int_0^1 a * (a - a^2/2) da = 4 * (1/3 - 1/8) = 5/6.
    const n = 1_000_000;
    const rnd = lcg(42);
    const scores = new Float64Array(n);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      scores[i] = rnd();
      labels[i] = rnd() < scores[i] ? 1 : 0;
    }
    expect(Math.abs(rocAuc(scores, labels) - 5 / 6)).toBeLessThan(0.003);
  });
});

describe("averagePrecision", () => {
  it("reproduces the scikit-learn documentation example (0.8333...)", () => {
    // Descending: 0.8 (pos) P=1 R=.5; 0.4 (neg); 0.35 (pos) P=2/3 R=1; 0.1 (neg).
    // AP = 0.5*1 + 0.5*2/3 = 5/6.
    expect(averagePrecision(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1))).toBeCloseTo(5 / 6, 12);
  });

  it("matches the hand-computed running example", () => {
    // Recall steps of 1/4 at 0.9 (P=1), 0.8 (P=1), 0.6 (P=3/4), 0.3 (P=4/6):
    // AP = (1 + 1 + 0.75 + 0.666...) / 4 = 0.854166...
    expect(averagePrecision(EXAMPLE_PROBS, EXAMPLE_LABELS)).toBeCloseTo((1 + 1 + 0.75 + 2 / 3) / 4, 12);
  });

  it("uses one step per tied group", () => {
    // 0.9 (pos) P=1 R=.5; tied 0.6 group {pos, neg}: P=2/3 R=1. AP = .5 + .5*2/3 = 5/6.
    expect(averagePrecision(Float64Array.of(0.2, 0.6, 0.6, 0.9), Uint8Array.of(0, 1, 0, 1))).toBeCloseTo(5 / 6, 12);
  });

  it("agrees with the brute-force per-positive precision on random tied data", () => {
    for (const seed of [11, 12, 13]) {
      const { scores, labels } = randomTiedData(300, seed);
      expect(averagePrecision(scores, labels)).toBeCloseTo(bruteAveragePrecision(scores, labels), 12);
    }
  });

  it("is 1 for a perfect ranking and the positive rate for constant scores", () => {
    const labels = Uint8Array.of(0, 1, 0, 1, 0);
    expect(averagePrecision(Float64Array.of(0.1, 0.9, 0.2, 0.8, 0.3), labels)).toBe(1);
    expect(averagePrecision(new Float64Array(5).fill(0.5), labels)).toBeCloseTo(0.4, 12);
  });

  it("is NaN without positives and 1 without negatives", () => {
    expect(averagePrecision(Float64Array.of(0.3, 0.7), Uint8Array.of(0, 0))).toBeNaN();
    expect(averagePrecision(Float64Array.of(0.3, 0.7), Uint8Array.of(1, 1))).toBe(1);
  });
});

describe("input checks", () => {
  it("rejects mismatched lengths, empty input, non-0/1 labels and NaN scores", () => {
    expect(() => rocAuc(Float64Array.of(0.1, 0.2), Uint8Array.of(1))).toThrow(/differ in length: 2 scores, 1 labels/);
    expect(() => rocAuc(new Float64Array(0), new Uint8Array(0))).toThrow(/empty/);
    expect(() => rocAuc(Float64Array.of(0.1, 0.2), Uint8Array.of(1, 2))).toThrow(/label at index 1 is 2/);
    expect(() => averagePrecision(Float64Array.of(0.1, 0.2), Float64Array.of(1, 0.5))).toThrow(/label at index 1 is 0.5/);
    expect(() => rocAuc(Float64Array.of(Number.NaN, 0.2), Uint8Array.of(1, 0))).toThrow(/score at index 0 is NaN/);
  });
});
