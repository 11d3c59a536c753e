import { type ClvConfig, DEFAULT_CLV_CONFIG, monthlyLogDiscount, validateClvConfig } from "./config";
import { type ClvInput, validateClvInput } from "./input";
import { clvUsd, expectedVisits, monthlyRetentionOf } from "./kernel";

export interface ClvResult {
  /** Discounted expected value of the remaining visits at the predicted churn probability, USD. */
  clv: number;
  /** The same with p = 0 (the participant certainly completes), USD. */
  clvIfRetained: number;
  /** clvIfRetained − clv + p · replacementCostUsd, USD. */
  valueAtRisk: number;
  /** Survival-weighted, undiscounted number of visits still expected. */
  expectedRemainingVisits: number;
  /** r = (1 − p)^(1/M); 1 − p when M = 0. */
  monthlyRetention: number;
}

/** CLV, value at risk and expected visits of one participant. Throws RangeError naming a bad field. */
export function computeClv(input: ClvInput, config: ClvConfig = DEFAULT_CLV_CONFIG): ClvResult {
  validateClvInput(input);
  const logDiscount = monthlyLogDiscount(validateClvConfig(config));
  const p = input.churnProbability;
  const months = input.remainingMonths;
  const totalValue = input.remainingVisits * input.visitValueUsd;
  const clv = clvUsd(p, totalValue, months, logDiscount);
  const clvIfRetained = clvUsd(0, totalValue, months, logDiscount);
  return {
    clv,
    clvIfRetained,
    valueAtRisk: clvIfRetained - clv + p * input.replacementCostUsd,
    expectedRemainingVisits: expectedVisits(p, input.remainingVisits, months),
    monthlyRetention: monthlyRetentionOf(p, months),
  };
}
