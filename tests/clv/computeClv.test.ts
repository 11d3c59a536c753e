import { describe, expect, it } from "vitest";
import { computeClv, type ClvInput, monthlyLogDiscount, survivalWeightedMonths, valueAtRiskReductionUsd, valueAtRiskUsd } from "@/lib/clv";
import { directClv, mulberry32, relativeError } from "./helpers";

const base: ClvInput = {
  churnProbability: 0.2,
  remainingVisits: 12,
  visitValueUsd: 1000,
  replacementCostUsd: 5000,
  remainingMonths: 12,
};

describe("computeClv closed form", () => {
  it("equals the month-by-month sum for many random inputs with integer M (1e-9 relative)", () => {
    const rand = mulberry32(42);
    for (let i = 0; i < 5000; i++) {
      const p = i % 50 === 0 ? 0 : rand() * (i % 7 === 0 ? 1e-6 : 1);
      const months = 1 + Math.floor(rand() * 120);
      const visits = Math.floor(rand() * 200);
      const value = rand() * 5000;
      const annual = i % 11 === 0 ? 0 : rand() * 0.5;
      const result = computeClv(
        { churnProbability: p, remainingVisits: visits, visitValueUsd: value, replacementCostUsd: 0, remainingMonths: months },
        { annualDiscountRate: annual },
      );
      const expected = directClv(p, visits, value, months, annual);
      expect(relativeError(result.clv, expected)).toBeLessThan(1e-9);
      expect(relativeError(result.clvIfRetained, directClv(0, visits, value, months, annual))).toBeLessThan(1e-9);
    }
  });

  it("keeps precision where q is within 1e-12 of 1 (no discount, tiny risk)", () => {
    const result = computeClv({ ...base, churnProbability: 1e-12 }, { annualDiscountRate: 0 });
    // Σ_{t=1..12} 1000 · r^t with r = (1 − 1e-12)^(1/12): 12000 minus about 1000 · Σ t·1e-12/12.
    const expected = 12000 - (1000 * 1e-12 * 78) / 12;
    expect(relativeError(result.clv, expected)).toBeLessThan(1e-14);
  });

  it("matches the hand-computed example p=0.2, M=12, 12 visits × 1000 USD, 10 % a year", () => {
    // r = 0.8^(1/12) = 0.98157653, d = 1.1^(1/12) − 1 = 0.00797414,
    // q = r/(1+d) = (0.8/1.1)^(1/12) = 0.97381122, q^12 = 0.8/1.1 = 0.72727273, v = 12000/12 = 1000.
    // CLV = 1000 · 0.97381122 · (1 − 0.72727273)/(1 − 0.97381122) = 10,141.17
    // With p = 0: q0 = (1/1.1)^(1/12) = 0.99208894,
    // clvIfRetained = 1000 · 0.99208894 · (1 − 1/1.1)/(1 − 0.99208894) = 11,400.49
    // valueAtRisk = 11,400.49 − 10,141.17 + 0.2 · 5000 = 2,259.32
    // expected visits = 1 · r · (1 − 0.8)/(1 − r) = 0.98157653 · 0.2/0.01842347 = 10.6557
    const result = computeClv(base);
    expect(result.clv).toBeCloseTo(10141.171277842, 6);
    expect(result.clvIfRetained).toBeCloseTo(11400.487829331, 6);
    expect(result.valueAtRisk).toBeCloseTo(2259.316551489, 6);
    expect(result.expectedRemainingVisits).toBeCloseTo(10.655718202, 8);
    expect(result.monthlyRetention).toBeCloseTo(0.981576529874, 11);
  });

  it("treats a fractional M as whole months plus a final partial month paid at M", () => {
    // M = 2.5, 5 visits × 100 USD, p = 0.1: v = 500/2.5 = 200 per month,
    // q = 0.9^(1/2.5)/1.1^(1/12) = 0.95114694.
    // CLV = 200 · (q + q² + 0.5 · q^2.5) = 200 · (0.95114694 + 0.90468057 + 0.5 · 0.88229...) = 459.396
    const result = computeClv({ ...base, churnProbability: 0.1, remainingVisits: 5, visitValueUsd: 100, remainingMonths: 2.5 });
    expect(result.clv).toBeCloseTo(459.396045657, 6);
  });

  it("is continuous in M across whole months", () => {
    const at = (m: number) => computeClv({ ...base, remainingMonths: m }).clv;
    for (const m of [1, 2, 5, 12, 36]) {
      expect(relativeError(at(m - 1e-9), at(m))).toBeLessThan(1e-6);
      expect(relativeError(at(m + 1e-9), at(m))).toBeLessThan(1e-6);
    }
  });

  it("survivalWeightedMonths is exactly n at q = 1 and 0 at q = 0", () => {
    expect(survivalWeightedMonths(0, 7)).toBe(7);
    expect(survivalWeightedMonths(0, 7.25)).toBe(7.25);
    expect(survivalWeightedMonths(-Infinity, 7.25)).toBe(0);
    expect(survivalWeightedMonths(-Infinity, 0.5)).toBe(0);
  });
});

describe("computeClv edge cases", () => {
  it("p = 0: CLV equals clvIfRetained and value at risk is 0", () => {
    const result = computeClv({ ...base, churnProbability: 0 });
    expect(result.clv).toBe(result.clvIfRetained);
    expect(result.valueAtRisk).toBe(0);
    expect(result.expectedRemainingVisits).toBeCloseTo(12, 12);
    expect(result.monthlyRetention).toBe(1);
  });

  it("p = 1: CLV 0 and value at risk is the full retained value plus the replacement cost", () => {
    const result = computeClv({ ...base, churnProbability: 1 });
    expect(result.clv).toBe(0);
    expect(result.monthlyRetention).toBe(0);
    expect(result.expectedRemainingVisits).toBe(0);
    expect(result.valueAtRisk).toBeCloseTo(result.clvIfRetained + 5000, 9);
  });

  it("M < 1: one final period of length M worth visits × value × (1 − p), discounted over M", () => {
    // M = 0.5, 2 visits × 1000 USD, p = 0.3: 2000 · 0.7 / 1.1^(0.5/12) = 1394.4513
    const result = computeClv({ ...base, churnProbability: 0.3, remainingVisits: 2, remainingMonths: 0.5 });
    expect(result.clv).toBeCloseTo(1394.451264532, 6);
    expect(result.clvIfRetained).toBeCloseTo(2000 / Math.pow(1.1, 0.5 / 12), 9);
    expect(result.expectedRemainingVisits).toBeCloseTo(1.4, 12);
    expect(result.monthlyRetention).toBeCloseTo(0.49, 12); // (1 − 0.3)^(1/0.5)
  });

  it("M = 0: CLV 0 and value at risk p × replacement cost", () => {
    const result = computeClv({ ...base, remainingMonths: 0 });
    expect(result).toEqual({ clv: 0, clvIfRetained: 0, valueAtRisk: 1000, expectedRemainingVisits: 0, monthlyRetention: 0.8 });
  });

  it("no remaining visits: CLV 0 and value at risk p × replacement cost", () => {
    const result = computeClv({ ...base, remainingVisits: 0 });
    expect(result.clv).toBe(0);
    expect(result.clvIfRetained).toBe(0);
    expect(result.valueAtRisk).toBe(1000);
    expect(result.expectedRemainingVisits).toBe(0);
  });

  it("zero discount and p = 0 gives the undiscounted value (q = 1)", () => {
    const result = computeClv({ ...base, churnProbability: 0 }, { annualDiscountRate: 0 });
    expect(result.clv).toBe(12000);
  });

  it.each([
    ["churnProbability", -0.01],
    ["churnProbability", 1.01],
    ["churnProbability", Number.NaN],
    ["remainingVisits", -1],
    ["remainingVisits", Number.NaN],
    ["visitValueUsd", -5],
    ["replacementCostUsd", -1],
    ["replacementCostUsd", Infinity],
    ["remainingMonths", -0.5],
    ["remainingMonths", Number.NaN],
  ] as const)("rejects %s = %s with a RangeError naming the field", (field, value) => {
    expect(() => computeClv({ ...base, [field]: value })).toThrow(RangeError);
    expect(() => computeClv({ ...base, [field]: value })).toThrow(new RegExp(`^${field} must`));
  });

  it("rejects a bad discount rate", () => {
    expect(() => computeClv(base, { annualDiscountRate: -0.1 })).toThrow(/annualDiscountRate/);
    expect(() => computeClv(base, { annualDiscountRate: Number.NaN })).toThrow(/annualDiscountRate/);
  });
});

describe("computeClv monotonicity", () => {
  it("CLV decreases and value at risk increases with p", () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const input: ClvInput = {
        churnProbability: 0,
        remainingVisits: 1 + Math.floor(rand() * 50),
        visitValueUsd: 1 + rand() * 3000,
        replacementCostUsd: rand() * 20000,
        remainingMonths: 0.1 + rand() * 60,
      };
      let previous = computeClv(input);
      for (let step = 1; step <= 20; step++) {
        const current = computeClv({ ...input, churnProbability: step / 20 });
        expect(current.clv).toBeLessThanOrEqual(previous.clv);
        expect(current.valueAtRisk).toBeGreaterThanOrEqual(previous.valueAtRisk);
        expect(current.expectedRemainingVisits).toBeLessThanOrEqual(previous.expectedRemainingVisits);
        expect(current.clvIfRetained).toBe(previous.clvIfRetained);
        previous = current;
      }
    }
  });
});

describe("CLV kernels", () => {
  it("valueAtRiskUsd and valueAtRiskReductionUsd agree with computeClv", () => {
    const rand = mulberry32(9);
    const config = { annualDiscountRate: 0.1 };
    const logDiscount = monthlyLogDiscount(config);
    for (let i = 0; i < 500; i++) {
      const input: ClvInput = {
        churnProbability: rand(),
        remainingVisits: Math.floor(rand() * 40),
        visitValueUsd: rand() * 2000,
        replacementCostUsd: rand() * 30000,
        remainingMonths: rand() * 48,
      };
      const reduced = input.churnProbability * rand();
      const total = input.remainingVisits * input.visitValueUsd;
      const before = computeClv(input, config).valueAtRisk;
      const after = computeClv({ ...input, churnProbability: reduced }, config).valueAtRisk;
      expect(valueAtRiskUsd(input.churnProbability, total, input.replacementCostUsd, input.remainingMonths, logDiscount)).toBe(before);
      const reduction = valueAtRiskReductionUsd(input.churnProbability, reduced, total, input.replacementCostUsd, input.remainingMonths, logDiscount);
      expect(Math.abs(reduction - (before - after))).toBeLessThan(1e-9 * Math.max(1, before));
    }
  });
});
