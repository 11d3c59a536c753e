import type { GreedyOrder } from "./greedy";

export interface BudgetCurvePoint {
  budgetUsd: number;
  /** What the plan at this budget spends (≤ budgetUsd). */
  costUsd: number;
  expectedValueSavedUsd: number;
  netValueUsd: number;
  /** Participants receiving an intervention. */
  participants: number;
}

export const DEFAULT_CURVE_POINTS = 50;

/**
 * Value saved against budget, from 0 to the budget that buys every participant's best
 * positive-net option (where the curve reaches the unconstrained optimum).
 *
 * One pass over the unconstrained greedy order: the value at budget B is the longest prefix of
 * hull steps whose cumulative cost fits B. Prefixes of a fixed order only grow with B, so the
 * curve is non-decreasing, and at the last point every step is taken, which puts every
 * participant on their top hull vertex — their best net option — i.e. the unconstrained optimum.
 * A prefix is within one option's net value of the optimum at that budget; planRetention at a
 * given budget also fills leftover budget, so it is at least the curve's value there.
 */
export function budgetCurve(prepared: GreedyOrder, points = DEFAULT_CURVE_POINTS): BudgetCurvePoint[] {
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`curvePoints must be an integer >= 2, got ${points}`);
  const steps = prepared;
  let totalCents = 0;
  for (let r = 0; r < steps.count; r++) totalCents += steps.deltaCents[r];

  const curve: BudgetCurvePoint[] = [];
  // Whether a participant already holds an option, to count participants rather than steps.
  const holding = new Uint8Array(steps.participantBound);
  let participants = 0;
  let r = 0;
  let cents = 0;
  let saved = 0;
  let net = 0;
  const count = totalCents === 0 ? 1 : points;
  for (let p = 0; p < count; p++) {
    // The last point uses totalCents itself, not a rounded fraction, so it always takes every step.
    const limit = p === count - 1 ? totalCents : Math.floor((totalCents * p) / (count - 1));
    while (r < steps.count) {
      const stepCents = steps.deltaCents[r];
      if (cents + stepCents > limit) break;
      cents += stepCents;
      saved += steps.deltaSaved[r];
      net += steps.deltaNet[r];
      if (holding[steps.participant[r]] === 0) {
        holding[steps.participant[r]] = 1;
        participants++;
      }
      r++;
    }
    curve.push({ budgetUsd: limit / 100, costUsd: cents / 100, expectedValueSavedUsd: saved, netValueUsd: net, participants });
  }
  return curve;
}
