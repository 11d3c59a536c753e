import { describe, expect, it } from "vitest";
import { computeClv } from "@/lib/clv";
import { DEFAULT_INTERVENTIONS, type PlannerParticipant, planRetention } from "@/lib/planner";
import { mulberry32, randomParticipants } from "./helpers";

/** Each participant's best net value over the default catalogue (0 if none is positive), straight from computeClv. */
function bestNets(participants: readonly PlannerParticipant[]): number[] {
  return participants.map((p) => {
    let best = 0;
    for (const x of DEFAULT_INTERVENTIONS) {
      const reduced = { ...p, churnProbability: p.churnProbability * (1 - x.relativeReduction) };
      best = Math.max(best, computeClv(p).valueAtRisk - computeClv(reduced).valueAtRisk - x.costUsd);
    }
    return best;
  });
}

const alice: PlannerParticipant = {
  id: "P1",
  churnProbability: 0.4,
  remainingVisits: 12,
  visitValueUsd: 1000,
  replacementCostUsd: 15000,
  remainingMonths: 12,
};

describe("planRetention", () => {
  it("computes value saved as VaR(p) − VaR(p(1 − e)) via lib/clv", () => {
    const plan = planRetention({ participants: [alice], budgetUsd: 10_000, solver: "exact" });
    expect(plan.assignments).toHaveLength(1);
    const a = plan.assignments[0];
    const e = DEFAULT_INTERVENTIONS.find((x) => x.name === a.intervention)!.relativeReduction;
    const before = computeClv(alice).valueAtRisk;
    const after = computeClv({ ...alice, churnProbability: 0.4 * (1 - e) }).valueAtRisk;
    expect(a.expectedValueSavedUsd).toBeCloseTo(before - after, 8);
    expect(a.netValueUsd).toBeCloseTo(before - after - a.costUsd, 8);
    expect(a.reducedChurnProbability).toBeCloseTo(0.4 * (1 - e), 15);
    // By hand (M = 12, V = 12,000 USD, 10 % a year): CLV(0.4) = 8,773.52. Home visits: p' = 0.28,
    // CLV(0.28) = 9,609.59, saved = 836.07 + (0.4 − 0.28) · 15,000 = 2,636.07, net = 1,136.07.
    // Travel: p' = 0.34, saved = 424.45 + 900 = 1,324.45, net 924.45; flexible scheduling net 810.64;
    // check-ins net 734.48. Home visits have the largest net value.
    expect(a.intervention).toBe("home_visits");
    expect(a.expectedValueSavedUsd).toBeCloseTo(2636.066075931, 6);
    expect(a.netValueUsd).toBeCloseTo(1136.066075931, 6);
  });

  it("chooses nothing at budget 0", () => {
    const plan = planRetention({ participants: randomParticipants(mulberry32(1), 50), budgetUsd: 0 });
    expect(plan.assignments).toEqual([]);
    expect(plan.totals).toEqual({ costUsd: 0, expectedValueSavedUsd: 0, netValueUsd: 0, participants: 0 });
    expect(Array.from(plan.choice).every((j) => j === -1)).toBe(true);
  });

  it("auto uses the exact solver on small cases and agrees with forced greedy within the bound", () => {
    const participants = randomParticipants(mulberry32(2), 40);
    const exact = planRetention({ participants, budgetUsd: 3000 });
    expect(exact.solver).toBe("exact");
    const greedy = planRetention({ participants, budgetUsd: 3000, solver: "greedy" });
    expect(greedy.solver).toBe("greedy");
    const maxNet = Math.max(...bestNets(participants));
    expect(greedy.totals.netValueUsd).toBeLessThanOrEqual(exact.totals.netValueUsd + 1e-9);
    expect(greedy.totals.netValueUsd).toBeGreaterThanOrEqual(exact.totals.netValueUsd - maxNet);
    expect(greedy.totals.costUsd).toBeLessThanOrEqual(3000);
    expect(exact.totals.costUsd).toBeLessThanOrEqual(3000);
  });

  it("greedy stays within the bound of exact on default-catalogue populations and budgets", () => {
    const rand = mulberry32(21);
    for (let trial = 0; trial < 20; trial++) {
      const participants = randomParticipants(rand, 50 + Math.floor(rand() * 250));
      const budgetUsd = Math.round(rand() * 40) * 250;
      const exact = planRetention({ participants, budgetUsd, solver: "exact" });
      const greedy = planRetention({ participants, budgetUsd, solver: "greedy" });
      const maxNet = Math.max(0, ...bestNets(participants));
      expect(greedy.totals.netValueUsd).toBeGreaterThanOrEqual(exact.totals.netValueUsd - maxNet - 1e-9);
      expect(greedy.totals.netValueUsd).toBeLessThanOrEqual(exact.totals.netValueUsd + 1e-6);
      expect(greedy.totals.costUsd).toBeLessThanOrEqual(budgetUsd);
      // In practice the gap is a small fraction of the optimum, far inside the worst-case bound.
      expect(greedy.totals.netValueUsd).toBeGreaterThanOrEqual(0.97 * exact.totals.netValueUsd - 1e-9);
    }
  });

  // Speed is measured by bench/planner.bench.ts, not asserted here (shared, noisy machines).
  it("plans 20,000 participants × 4 interventions with the greedy solver within budget", () => {
    const participants = randomParticipants(mulberry32(22), 20_000);
    const plan = planRetention({ participants, budgetUsd: 1_000_000 });
    expect(plan.solver).toBe("greedy");
    expect(plan.totals.costUsd).toBeLessThanOrEqual(1_000_000);
    expect(plan.totals.costUsd).toBeGreaterThan(990_000);
  });

  it("lists assignments by net value with consistent totals", () => {
    const plan = planRetention({ participants: randomParticipants(mulberry32(3), 500), budgetUsd: 20_000, solver: "greedy" });
    let cost = 0;
    let saved = 0;
    for (let i = 0; i < plan.assignments.length; i++) {
      const a = plan.assignments[i];
      if (i > 0) expect(a.netValueUsd).toBeLessThanOrEqual(plan.assignments[i - 1].netValueUsd);
      expect(a.netValueUsd).toBeGreaterThan(0);
      expect(plan.choice[a.participantIndex]).toBe(DEFAULT_INTERVENTIONS.findIndex((x) => x.name === a.intervention));
      expect(a.participantId).toBe(`P${String(a.participantIndex).padStart(6, "0")}`);
      cost += a.costUsd;
      saved += a.expectedValueSavedUsd;
    }
    expect(plan.totals.costUsd).toBeCloseTo(cost, 6);
    expect(plan.totals.costUsd).toBeLessThanOrEqual(20_000);
    expect(plan.totals.expectedValueSavedUsd).toBeCloseTo(saved, 6);
    expect(plan.totals.participants).toBe(plan.assignments.length);
  });

  it("accepts column input and gives the same plan as objects", () => {
    const participants = randomParticipants(mulberry32(4), 300);
    const columns = {
      ids: participants.map((p) => p.id),
      churnProbability: Float64Array.from(participants, (p) => p.churnProbability),
      remainingVisits: Float64Array.from(participants, (p) => p.remainingVisits),
      visitValueUsd: Float64Array.from(participants, (p) => p.visitValueUsd),
      replacementCostUsd: Float64Array.from(participants, (p) => p.replacementCostUsd),
      remainingMonths: Float64Array.from(participants, (p) => p.remainingMonths),
    };
    const a = planRetention({ participants, budgetUsd: 15_000, solver: "greedy" });
    const b = planRetention({ participants: columns, budgetUsd: 15_000, solver: "greedy" });
    expect(b.assignments).toEqual(a.assignments);
    expect(b.totals).toEqual(a.totals);
  });
});

describe("budget curve", () => {
  const participants = randomParticipants(mulberry32(5), 2000);
  const plan = planRetention({ participants, budgetUsd: 50_000, solver: "greedy" });

  it("has 50 points from budget 0, non-decreasing in budget, cost and value", () => {
    expect(plan.curve).toHaveLength(50);
    expect(plan.curve[0].budgetUsd).toBe(0);
    for (let i = 1; i < plan.curve.length; i++) {
      const [prev, cur] = [plan.curve[i - 1], plan.curve[i]];
      expect(cur.budgetUsd).toBeGreaterThan(prev.budgetUsd);
      expect(cur.costUsd).toBeLessThanOrEqual(cur.budgetUsd);
      expect(cur.netValueUsd).toBeGreaterThanOrEqual(prev.netValueUsd);
      expect(cur.expectedValueSavedUsd).toBeGreaterThanOrEqual(prev.expectedValueSavedUsd);
      expect(cur.participants).toBeGreaterThanOrEqual(prev.participants);
    }
  });

  it("ends at the unconstrained optimum (everyone on their best positive-net option)", () => {
    const nets = bestNets(participants);
    const bestNet = nets.reduce((a, b) => a + b, 0);
    const bestCount = nets.filter((x) => x > 0).length;
    const last = plan.curve[plan.curve.length - 1];
    expect(last.netValueUsd).toBeCloseTo(bestNet, 4);
    expect(last.participants).toBe(bestCount);
    expect(last.costUsd).toBe(last.budgetUsd);
    expect(plan.unconstrained.netValueUsd).toBe(last.netValueUsd);
    // With a budget at the curve's end, the plan itself reaches the optimum too.
    const full = planRetention({ participants, budgetUsd: last.budgetUsd, solver: "greedy" });
    expect(full.totals.netValueUsd).toBeCloseTo(bestNet, 4);
  });

  it("lies at or below the plan's own value at the plan's budget", () => {
    // The curve is the greedy prefix; the plan also fills leftover budget.
    const below = plan.curve.filter((p) => p.budgetUsd <= 50_000).at(-1)!;
    expect(below.netValueUsd).toBeLessThanOrEqual(plan.totals.netValueUsd + 1e-6);
  });

  it("has a single point when nothing is worth buying", () => {
    const flat = planRetention({ participants: [{ ...alice, churnProbability: 0 }], budgetUsd: 1000, curvePoints: 10 });
    expect(flat.curve).toEqual([{ budgetUsd: 0, costUsd: 0, expectedValueSavedUsd: 0, netValueUsd: 0, participants: 0 }]);
  });
});

describe("planRetention input errors", () => {
  const ok = { participants: [alice], budgetUsd: 1000 };
  it.each([
    [{ ...ok, budgetUsd: -1 }, /^budgetUsd must be a finite number >= 0/],
    [{ ...ok, budgetUsd: Number.NaN }, /^budgetUsd must/],
    [{ ...ok, interventions: [{ name: "x", costUsd: -5, relativeReduction: 0.1 }] }, /^interventions\[0\]\.costUsd must/],
    [{ ...ok, interventions: [{ name: "x", costUsd: 5, relativeReduction: 1.2 }] }, /^interventions\[0\]\.relativeReduction must be a number in \[0, 1\]/],
    [{ ...ok, interventions: [{ name: "x", costUsd: 5, relativeReduction: Number.NaN }] }, /^interventions\[0\]\.relativeReduction/],
    [{ ...ok, interventions: [{ name: "x", costUsd: Number.NaN, relativeReduction: 0.1 }] }, /^interventions\[0\]\.costUsd/],
    [{ ...ok, interventions: [{ name: "", costUsd: 5, relativeReduction: 0.1 }] }, /^interventions\[0\]\.name/],
    [
      {
        ...ok,
        interventions: [
          { name: "a", costUsd: 5, relativeReduction: 0.1 },
          { name: "a", costUsd: 6, relativeReduction: 0.1 },
        ],
      },
      /^interventions\[1\]\.name "a" is used twice/,
    ],
    [{ ...ok, participants: [{ ...alice, churnProbability: Number.NaN }] }, /^participants\[0\]\.churnProbability/],
    [{ ...ok, participants: [alice, { ...alice, id: "P2", visitValueUsd: -1 }] }, /^participants\[1\]\.visitValueUsd/],
    [{ ...ok, participants: [alice, alice] }, /^participants\[1\]\.id "P1" appears twice/],
    [{ ...ok, curvePoints: 1 }, /^curvePoints/],
  ])("rejects bad input %#", (input, message) => {
    expect(() => planRetention(input)).toThrow(message);
  });

  it("names the column and row for column input", () => {
    const columns = {
      ids: ["a", "b"],
      churnProbability: Float64Array.of(0.1, 2),
      remainingVisits: Float64Array.of(1, 1),
      visitValueUsd: Float64Array.of(1, 1),
      replacementCostUsd: Float64Array.of(1, 1),
      remainingMonths: Float64Array.of(1, 1),
    };
    expect(() => planRetention({ participants: columns, budgetUsd: 1 })).toThrow(/^participants\.churnProbability\[1\] must/);
    expect(() => planRetention({ participants: { ...columns, remainingMonths: Float64Array.of(1) }, budgetUsd: 1 })).toThrow(
      /^participants\.remainingMonths has 1 rows/,
    );
  });
});
