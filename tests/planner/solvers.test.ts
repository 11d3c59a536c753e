import { describe, expect, it } from "vitest";
import { greedyOrder, type OptionTable, solveExact, solveGreedy, validateOptionTable } from "@/lib/planner";
import { bruteForce, evaluate, maxSingleNet, mulberry32, randomTable } from "./helpers";

function relativeClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe("exact solver", () => {
  it("equals brute force on 300 small random instances", () => {
    const rand = mulberry32(11);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 6);
      const k = 1 + Math.floor(rand() * 4);
      const table = validateOptionTable(randomTable(rand, n, k));
      const budget = Math.round(rand() * 250_000) / 100;
      const exact = solveExact(table, budget);
      const brute = bruteForce(table, budget);
      const check = evaluate(table, exact.choice);
      expect(relativeClose(exact.totalNetUsd, brute.net)).toBe(true);
      expect(relativeClose(check.net, exact.totalNetUsd)).toBe(true);
      expect(check.costCents).toBeLessThanOrEqual(Math.round(budget * 100));
      expect(exact.totalCostUsd).toBeLessThanOrEqual(budget);
    }
  });

  it("refuses instances too large for its table", () => {
    const table = randomTable(mulberry32(1), 50, 3);
    expect(() => solveExact(table, 1e6, { maxCells: 1000 })).toThrow(/maxCells 1000/);
  });
});

describe("greedy solver", () => {
  it("is within the largest single net value of the exact optimum and never over budget", () => {
    const rand = mulberry32(12);
    let exactMatches = 0;
    const trials = 300;
    for (let trial = 0; trial < trials; trial++) {
      const n = 1 + Math.floor(rand() * 30);
      const k = 1 + Math.floor(rand() * 5);
      const table = randomTable(rand, n, k, true);
      const budget = Math.round(rand() * n * 40_000) / 100;
      const exact = solveExact(table, budget);
      const greedy = solveGreedy(table, budget);
      const check = evaluate(table, greedy.choice);
      // LP-greedy guarantee: greedy ≥ optimum − max net of one affordable option.
      expect(greedy.totalNetUsd).toBeGreaterThanOrEqual(exact.totalNetUsd - maxSingleNet(table, budget) - 1e-9);
      expect(greedy.totalNetUsd).toBeLessThanOrEqual(exact.totalNetUsd + 1e-9);
      expect(check.costCents).toBeLessThanOrEqual(Math.round(budget * 100));
      expect(greedy.totalCostUsd).toBeLessThanOrEqual(budget);
      expect(relativeClose(check.net, greedy.totalNetUsd)).toBe(true);
      if (relativeClose(greedy.totalNetUsd, exact.totalNetUsd)) exactMatches++;
    }
    // Not a guarantee, but a fill step that works finds the optimum most of the time.
    expect(exactMatches / trials).toBeGreaterThan(0.5);
  });

  it("never picks an option with net value ≤ 0", () => {
    const rand = mulberry32(13);
    for (let trial = 0; trial < 50; trial++) {
      const table = randomTable(rand, 40, 4, true);
      for (const solve of [solveGreedy, solveExact]) {
        const { choice } = solve(table, 5000);
        choice.forEach((j, i) => {
          if (j >= 0) expect(table.saved[i * 4 + j] - table.cost[i * 4 + j]).toBeGreaterThan(0);
        });
      }
    }
  });

  it("takes everything worth taking when the budget is ample (greedy = exact = unconstrained)", () => {
    const table = randomTable(mulberry32(14), 25, 4, true);
    const exact = solveExact(table, 1e6);
    const greedy = solveGreedy(table, 1e6);
    let best = 0;
    for (let i = 0; i < 25; i++) {
      let m = 0;
      for (let j = 0; j < 4; j++) m = Math.max(m, table.saved[i * 4 + j] - table.cost[i * 4 + j]);
      best += m;
    }
    expect(greedy.totalNetUsd).toBeCloseTo(best, 6);
    expect(exact.totalNetUsd).toBeCloseTo(best, 6);
  });

  it("budget 0 chooses nothing when every option costs something", () => {
    const table: OptionTable = {
      participantCount: 3,
      optionCount: 2,
      cost: Float64Array.of(100, 200, 100, 200, 100, 200),
      saved: Float64Array.of(500, 900, 400, 300, 50, 60),
    };
    for (const solve of [solveGreedy, solveExact]) {
      const result = solve(table, 0);
      expect(Array.from(result.choice)).toEqual([-1, -1, -1]);
      expect(result.totalCostUsd).toBe(0);
      expect(result.totalNetUsd).toBe(0);
    }
  });

  it("takes zero-cost positive options even at budget 0", () => {
    const table: OptionTable = { participantCount: 1, optionCount: 2, cost: Float64Array.of(0, 50), saved: Float64Array.of(10, 100) };
    expect(Array.from(solveGreedy(table, 0).choice)).toEqual([0]);
    expect(Array.from(solveExact(table, 0).choice)).toEqual([0]);
    expect(Array.from(solveGreedy(table, 50).choice)).toEqual([1]);
  });

  it("handles a hand-made case where the hull skips options and repair fills the leftover budget", () => {
    // Participant 0: A (100 USD, net 100), B (200 USD, net 120), C (300 USD, net 300).
    // B lies below the chord A→C and A lies on the chord 0→C (both slopes 1.0), so the hull is
    // 0 → C, one step of efficiency 1.0. Participant 1: D (100 USD, net 150), efficiency 1.5.
    // Budget 300: greedy takes D (100 USD); 0 → C (300 USD) no longer fits and blocks participant 0.
    // Repair with 200 USD left: B (+120) beats A (+100) → D + B = 270.
    // The optimum is C alone (300); 270 ≥ 300 − max net 300, as guaranteed.
    const table: OptionTable = {
      participantCount: 2,
      optionCount: 3,
      cost: Float64Array.of(100, 200, 300, 100, 100, 100),
      saved: Float64Array.of(200, 320, 600, 250, 0, 0),
    };
    const greedy = solveGreedy(table, 300);
    expect(Array.from(greedy.choice)).toEqual([1, 0]);
    expect(greedy.totalNetUsd).toBe(270);
    expect(solveExact(table, 300).totalNetUsd).toBe(300);
  });

  it("reuses a prepared order", () => {
    const table = randomTable(mulberry32(15), 30, 3);
    const prepared = greedyOrder(table);
    expect(solveGreedy(table, 1e7, prepared).totalNetUsd).toBe(solveGreedy(table, 1e7).totalNetUsd);
  });
});

describe("solver input errors", () => {
  const table = randomTable(mulberry32(16), 3, 2);
  it.each([-1, Number.NaN, Infinity])("rejects budget %s", (budget) => {
    expect(() => solveGreedy(table, budget)).toThrow(/^budgetUsd must/);
    expect(() => solveExact(table, budget)).toThrow(/^budgetUsd must/);
  });

  it("rejects bad tables naming the entry", () => {
    const bad = { ...table, cost: Float64Array.of(1, 2, -3, 4, 5, 6) };
    expect(() => validateOptionTable(bad)).toThrow(/^cost\[2\] must/);
    const fractional = { ...table, cost: Float64Array.of(1, 2, 3.005, 4, 5, 6) };
    expect(() => validateOptionTable(fractional)).toThrow(/^cost\[2\] must be a whole number of cents/);
    const nan = { ...table, saved: Float64Array.of(1, 2, 3, Number.NaN, 5, 6) };
    expect(() => validateOptionTable(nan)).toThrow(/^saved\[3\] must/);
    expect(() => validateOptionTable({ ...table, participantCount: 4 })).toThrow(/^cost must have/);
  });
});
