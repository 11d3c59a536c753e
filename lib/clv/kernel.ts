import { survivalWeightedMonths } from "./geometric";

/**
 * Unchecked per-row kernels shared by the object API, the column API and the planner. They take
 * plain numbers and return plain numbers so that a million-row loop allocates nothing; callers
 * validate inputs first (see validateClvInput / computeClvColumns).
 *
 * Notation: p = churn probability, M = remaining months, V = remainingVisits × visitValueUsd
 * (the undiscounted value of every remaining visit), ln(1+d) = monthly log discount.
 */

/** ln r with r = (1 − p)^(1/M): spreading the withdrawal risk evenly over the remaining months. */
function logMonthlyRetention(churnProbability: number, months: number): number {
  return Math.log1p(-churnProbability) / months;
}

/**
 * Monthly retention r = (1 − p)^(1/M). With no months left there is no month to survive, so the
 * retention is reported as 1 − p (the completion probability) rather than NaN.
 */
export function monthlyRetentionOf(churnProbability: number, months: number): number {
  if (months === 0) return 1 - churnProbability;
  return Math.exp(logMonthlyRetention(churnProbability, months));
}

/**
 * CLV = (V/M) · W(ln r − ln(1+d), M). No months left or nothing left to earn is worth 0:
 * visits scheduled beyond the planned end cannot be collected within the study.
 */
export function clvUsd(churnProbability: number, totalValueUsd: number, months: number, logDiscount: number): number {
  if (months === 0 || totalValueUsd === 0) return 0;
  const logRate = logMonthlyRetention(churnProbability, months) - logDiscount;
  return (totalValueUsd / months) * survivalWeightedMonths(logRate, months);
}

/**
 * Value at risk = CLV(p = 0) − CLV(p) + p · replacement cost: the discounted visit value expected
 * to be lost plus the expected cost of recruiting a replacement.
 */
export function valueAtRiskUsd(
  churnProbability: number,
  totalValueUsd: number,
  replacementCostUsd: number,
  months: number,
  logDiscount: number,
): number {
  const retained = clvUsd(0, totalValueUsd, months, logDiscount);
  return retained - clvUsd(churnProbability, totalValueUsd, months, logDiscount) + churnProbability * replacementCostUsd;
}

/**
 * VaR(p) − VaR(p') for an intervention that lowers the churn probability from p to p'. The
 * retained CLV cancels, leaving CLV(p') − CLV(p) + (p − p') · replacement cost; computing it this
 * way saves two exponentials per option in the planner's million-row loop.
 */
export function valueAtRiskReductionUsd(
  churnProbability: number,
  reducedChurnProbability: number,
  totalValueUsd: number,
  replacementCostUsd: number,
  months: number,
  logDiscount: number,
): number {
  const clvGain = clvUsd(reducedChurnProbability, totalValueUsd, months, logDiscount) - clvUsd(churnProbability, totalValueUsd, months, logDiscount);
  return clvGain + (churnProbability - reducedChurnProbability) * replacementCostUsd;
}

/**
 * Expected remaining visits = (remainingVisits / M) · W(ln r, M): the visit rate times the
 * undiscounted survival-weighted months (same month timing as the CLV, without discounting).
 */
export function expectedVisits(churnProbability: number, remainingVisits: number, months: number): number {
  if (months === 0 || remainingVisits === 0) return 0;
  return (remainingVisits / months) * survivalWeightedMonths(logMonthlyRetention(churnProbability, months), months);
}
