import { describe, expect, it } from "vitest";
import { SeededRandom, stratifiedSplit, takeLabels, takeRows } from "@/lib/ml/dataset";

function labelsWithRate(n: number, positives: number, seed: number): Uint8Array {
  // Positives scattered deterministically (not a prefix) so the split cannot succeed by accident.
  const labels = new Uint8Array(n);
  const rng = new SeededRandom(seed);
  let placed = 0;
  while (placed < positives) {
    const i = rng.nextBelow(n);
    if (labels[i] === 0) {
      labels[i] = 1;
      placed++;
    }
  }
  return labels;
}

function positivesIn(labels: Uint8Array, rows: Uint32Array): number {
  return takeLabels(labels, rows).reduce((a, b) => a + b, 0);
}

describe("stratifiedSplit", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const labels = labelsWithRate(1000, 300, 1);
    const a = stratifiedSplit(labels, 0.2, 42);
    const b = stratifiedSplit(labels, 0.2, 42);
    const c = stratifiedSplit(labels, 0.2, 43);
    expect(a).toEqual(b);
    expect(c.validation).not.toEqual(a.validation);
  });

  it("pins the exact output for a seed, so a change of generator is noticed", () => {
    const labels = Uint8Array.of(1, 0, 0, 1, 0, 0, 1, 0, 0, 0);
    const s = stratifiedSplit(labels, 0.3, 7);
    // 3 validation rows: round(3 * 3/10) = 1 positive and 2 negatives.
    expect(positivesIn(labels, s.validation)).toBe(1);
    expect(s.validation).toHaveLength(3);
    expect(Array.from(s.validation)).toEqual([5, 6, 8]);
  });

  it("partitions all rows, sorted ascending, into parts of round(fraction * n) and the rest", () => {
    const labels = labelsWithRate(997, 123, 2);
    const { train, validation } = stratifiedSplit(labels, 0.25, 5);
    expect(validation.length).toBe(Math.round(0.25 * 997));
    expect(train.length + validation.length).toBe(997);
    const all = [...train, ...validation].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 997 }, (_, i) => i));
    for (const part of [train, validation]) for (let i = 1; i < part.length; i++) expect(part[i]).toBeGreaterThan(part[i - 1]);
  });

  it("keeps the positive rate of both parts within one row of the overall rate", () => {
    const seeds = new SeededRandom(99);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + seeds.nextBelow(400);
      const positives = seeds.nextBelow(n + 1);
      const fraction = seeds.nextBelow(1000) / 1000;
      const labels = labelsWithRate(n, positives, trial);
      const { train, validation } = stratifiedSplit(labels, fraction, trial);
      const rate = positives / n;
      expect(Math.abs(positivesIn(labels, validation) - rate * validation.length)).toBeLessThanOrEqual(1);
      expect(Math.abs(positivesIn(labels, train) - rate * train.length)).toBeLessThanOrEqual(1);
    }
  });

  it("gives no validation set for fraction 0 and rejects fractions outside [0, 1)", () => {
    const labels = labelsWithRate(50, 10, 3);
    const s = stratifiedSplit(labels, 0, 1);
    expect(s.validation).toHaveLength(0);
    expect(Array.from(s.train)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(() => stratifiedSplit(labels, 1, 1)).toThrow(/\[0, 1\)/);
    expect(() => stratifiedSplit(labels, -0.1, 1)).toThrow(/\[0, 1\)/);
    expect(() => stratifiedSplit(labels, Number.NaN, 1)).toThrow(/\[0, 1\)/);
    expect(() => stratifiedSplit(Uint8Array.of(0, 2), 0.5, 1)).toThrow(/label at index 1 is 2/);
    expect(() => stratifiedSplit(labels, 0.5, 1.5)).toThrow(/safe integer/);
  });
});

describe("SeededRandom", () => {
  it("draws every value below n about equally often", () => {
    const rng = new SeededRandom(123);
    const counts = new Float64Array(6);
    for (let i = 0; i < 60_000; i++) counts[rng.nextBelow(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it("separates seeds that share their low 32 bits", () => {
    expect(new SeededRandom(5).nextUint32()).not.toBe(new SeededRandom(5 + 2 ** 32).nextUint32());
  });
});

describe("takeRows / takeLabels", () => {
  it("copies the selected rows of a row-major matrix", () => {
    const m = Float64Array.of(1, 2, 3, 4, 5, 6);
    expect(Array.from(takeRows(m, 2, Uint32Array.of(2, 0)))).toEqual([5, 6, 1, 2]);
    expect(Array.from(takeLabels(Uint8Array.of(1, 0, 1), Uint32Array.of(1, 2)))).toEqual([0, 1]);
    expect(() => takeRows(m, 2, Uint32Array.of(3))).toThrow(/out of range/);
  });
});
