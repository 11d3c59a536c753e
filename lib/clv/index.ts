/**
 * Participant lifetime value (CLV): the discounted expected value of a participant's remaining
 * visits given a churn probability, the value at risk if they withdraw, and expected visits.
 * Formulas, assumptions and defaults: README.md in this folder.
 */
export {
  CLV_DISCOUNT_RATE_ENV,
  type ClvConfig,
  clvConfigFromEnv,
  DEFAULT_ANNUAL_DISCOUNT_RATE,
  DEFAULT_CLV_CONFIG,
  monthlyDiscountRate,
  monthlyLogDiscount,
  resolveClvConfig,
  validateClvConfig,
} from "./config";
export { type ClvColumns, type ClvColumnsResult, computeClvColumns, type NumberColumn } from "./columns";
export { type ClvResult, computeClv } from "./computeClv";
export { survivalWeightedMonths } from "./geometric";
export {
  type ClvInput,
  clvInputFromParticipant,
  type ParticipantClvFields,
  remainingMonths,
  validateClvInput,
} from "./input";
export { clvUsd, expectedVisits, monthlyRetentionOf, valueAtRiskReductionUsd, valueAtRiskUsd } from "./kernel";
export { requireNonNegative, requireUnitInterval } from "./validate";
export { CLV_STUDY_RATES_ENV, configForStudy, type StudyClvConfig, studyClvConfigFromEnv } from "./study-config";
