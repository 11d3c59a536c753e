import { describe, expect, it } from "vitest";
import { clvInputFromParticipant, computeClv, computeClvColumns, remainingMonths } from "@/lib/clv";
import { mulberry32 } from "./helpers";

function randomColumns(n: number, seed: number) {
  const rand = mulberry32(seed);
  const cols = {
    churnProbability: new Float64Array(n),
    remainingVisits: new Float64Array(n),
    visitValueUsd: new Float64Array(n),
    replacementCostUsd: new Float64Array(n),
    remainingMonths: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    cols.churnProbability[i] = i % 13 === 0 ? 1 : i % 17 === 0 ? 0 : rand();
    cols.remainingVisits[i] = Math.floor(rand() * 40);
    cols.visitValueUsd[i] = rand() * 2000;
    cols.replacementCostUsd[i] = rand() * 30000;
    cols.remainingMonths[i] = i % 19 === 0 ? 0 : rand() * 48;
  }
  return cols;
}

describe("computeClvColumns", () => {
  it("gives exactly the scalar results row by row", () => {
    const cols = randomColumns(2000, 3);
    const config = { annualDiscountRate: 0.07 };
    const out = computeClvColumns(cols, config);
    for (let i = 0; i < 2000; i++) {
      const one = computeClv(
        {
          churnProbability: cols.churnProbability[i],
          remainingVisits: cols.remainingVisits[i],
          visitValueUsd: cols.visitValueUsd[i],
          replacementCostUsd: cols.replacementCostUsd[i],
          remainingMonths: cols.remainingMonths[i],
        },
        config,
      );
      expect(out.clv[i]).toBe(one.clv);
      expect(out.clvIfRetained[i]).toBe(one.clvIfRetained);
      expect(out.valueAtRisk[i]).toBe(one.valueAtRisk);
      expect(out.expectedRemainingVisits[i]).toBe(one.expectedRemainingVisits);
      expect(out.monthlyRetention[i]).toBe(one.monthlyRetention);
    }
  });

  it("reuses caller buffers", () => {
    const cols = randomColumns(10, 1);
    const out = computeClvColumns(cols);
    const again = computeClvColumns(cols, undefined, out);
    expect(again).toBe(out);
  });

  it("names the column and row of a bad value and writes nothing", () => {
    const cols = randomColumns(10, 1);
    cols.remainingMonths[7] = -1;
    expect(() => computeClvColumns(cols)).toThrow(/^remainingMonths\[7\] must/);
    cols.remainingMonths[7] = 1;
    cols.churnProbability[3] = Number.NaN;
    expect(() => computeClvColumns(cols)).toThrow(/^churnProbability\[3\] must/);
  });

  it("rejects columns of different lengths", () => {
    const cols = { ...randomColumns(10, 1), visitValueUsd: new Float64Array(9) };
    expect(() => computeClvColumns(cols)).toThrow(/visitValueUsd has 9 rows/);
  });
});

describe("participant helpers", () => {
  it("derives M = max(planned − enrolled, 0)", () => {
    expect(remainingMonths(24, 6.5)).toBe(17.5);
    expect(remainingMonths(12, 15)).toBe(0);
    expect(() => remainingMonths(Number.NaN, 1)).toThrow(/^plannedDurationMonths/);
    expect(() => remainingMonths(12, -1)).toThrow(/^monthsEnrolled/);
  });

  it("builds a CLV input from a participant record", () => {
    const input = clvInputFromParticipant(
      { remainingVisits: 8, visitValueUsd: 900, replacementCostUsd: 12000, plannedDurationMonths: 24, monthsEnrolled: 20 },
      0.3,
    );
    expect(input).toEqual({ churnProbability: 0.3, remainingVisits: 8, visitValueUsd: 900, replacementCostUsd: 12000, remainingMonths: 4 });
    expect(() => clvInputFromParticipant({ ...input, plannedDurationMonths: 24, monthsEnrolled: 20 }, 1.5)).toThrow(/^churnProbability/);
  });
});
