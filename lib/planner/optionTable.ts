import { type ClvConfig, clvUsd, DEFAULT_CLV_CONFIG, monthlyLogDiscount, validateClvConfig } from "../clv";
import type { Intervention } from "./interventions";
import { requireCostUsd } from "./money";
import type { ParticipantTable } from "./participants";

/**
 * The multiple-choice knapsack instance: for participant i and option j (an intervention),
 * `cost[i * optionCount + j]` and `saved[i * optionCount + j]`; net value = saved − cost.
 * Flat typed arrays keep a million participants × 4 options at 64 MB with no per-row objects.
 * Costs are per item (not per option) so the solvers also serve per-participant pricing; they are
 * whole cents (see money.ts).
 */
export interface OptionTable {
  participantCount: number;
  optionCount: number;
  cost: Float64Array;
  saved: Float64Array;
}

/** Validates a hand-built table (tests, other callers); tables from buildOptionTable are valid. */
export function validateOptionTable(table: OptionTable): OptionTable {
  const { participantCount, optionCount, cost, saved } = table;
  if (!Number.isInteger(participantCount) || participantCount < 0) throw new RangeError("participantCount must be an integer >= 0");
  if (!Number.isInteger(optionCount) || optionCount < 0 || optionCount > 255) throw new RangeError("optionCount must be an integer in [0, 255]");
  const size = participantCount * optionCount;
  if (cost.length !== size) throw new RangeError(`cost must have participantCount × optionCount = ${size} entries, has ${cost.length}`);
  if (saved.length !== size) throw new RangeError(`saved must have participantCount × optionCount = ${size} entries, has ${saved.length}`);
  for (let i = 0; i < size; i++) {
    requireCostUsd(`cost[${i}]`, cost[i]);
    if (!Number.isFinite(saved[i])) throw new RangeError(`saved[${i}] must be a finite number, got ${saved[i]}`);
  }
  return table;
}

/**
 * Expected value saved by option j for participant i: VaR(p) − VaR(p'), p' = p · (1 − e_j), from
 * the CLV kernel so the planner and the CLV figures shown elsewhere can never disagree. The
 * retained CLV cancels in the difference, leaving CLV(p') − CLV(p) + (p − p') · replacement cost
 * (valueAtRiskReductionUsd); CLV(p) is computed once per participant rather than once per option.
 */
export function buildOptionTable(
  participants: ParticipantTable,
  interventions: readonly Intervention[],
  clvConfig: ClvConfig = DEFAULT_CLV_CONFIG,
): OptionTable {
  const logDiscount = monthlyLogDiscount(validateClvConfig(clvConfig));
  const n = participants.count;
  const k = interventions.length;
  const cost = new Float64Array(n * k);
  const saved = new Float64Array(n * k);
  const optionCost = Float64Array.from(interventions, (x) => x.costUsd);
  const keep = Float64Array.from(interventions, (x) => 1 - x.relativeReduction);
  const { churnProbability, remainingVisits, visitValueUsd, replacementCostUsd, remainingMonths } = participants;
  for (let i = 0; i < n; i++) {
    const p = churnProbability[i];
    const totalValue = remainingVisits[i] * visitValueUsd[i];
    const months = remainingMonths[i];
    const replacement = replacementCostUsd[i];
    const base = i * k;
    const clvNow = clvUsd(p, totalValue, months, logDiscount);
    for (let j = 0; j < k; j++) {
      const reduced = p * keep[j];
      cost[base + j] = optionCost[j];
      saved[base + j] = clvUsd(reduced, totalValue, months, logDiscount) - clvNow + (p - reduced) * replacement;
    }
  }
  return { participantCount: n, optionCount: k, cost, saved };
}
