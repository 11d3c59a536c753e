import { requireNonNegative, requireUnitInterval } from "./validate";

/** One participant's CLV inputs. */
export interface ClvInput {
  /** Predicted probability of withdrawing before completion, in [0, 1]. */
  churnProbability: number;
  /** Protocol visits still to come (may be fractional, e.g. an expected count). */
  remainingVisits: number;
  /** Value to the study of one completed visit, USD. */
  visitValueUsd: number;
  /** Cost to recruit and onboard a replacement if the participant withdraws, USD. */
  replacementCostUsd: number;
  /** Months left in the study, M = max(plannedDurationMonths − monthsEnrolled, 0); fractional allowed. */
  remainingMonths: number;
}

/** The participant columns (see lib/data/columns.ts) that CLV needs besides the prediction. */
export interface ParticipantClvFields {
  remainingVisits: number;
  visitValueUsd: number;
  replacementCostUsd: number;
  plannedDurationMonths: number;
  monthsEnrolled: number;
}

/** Checks every field; `prefix` (e.g. "participants[3].") makes messages point at the right row. */
export function validateClvInput(input: ClvInput, prefix = ""): ClvInput {
  requireUnitInterval(`${prefix}churnProbability`, input.churnProbability);
  requireNonNegative(`${prefix}remainingVisits`, input.remainingVisits);
  requireNonNegative(`${prefix}visitValueUsd`, input.visitValueUsd);
  requireNonNegative(`${prefix}replacementCostUsd`, input.replacementCostUsd);
  requireNonNegative(`${prefix}remainingMonths`, input.remainingMonths);
  return input;
}

/**
 * M = max(planned − enrolled, 0). Participants past their planned end (enrolled longer than
 * planned, e.g. delayed final visits) have no months left rather than negative ones.
 */
export function remainingMonths(plannedDurationMonths: number, monthsEnrolled: number): number {
  requireNonNegative("plannedDurationMonths", plannedDurationMonths);
  requireNonNegative("monthsEnrolled", monthsEnrolled);
  return Math.max(plannedDurationMonths - monthsEnrolled, 0);
}

/** Builds the CLV input from a participant record and its predicted churn probability. */
export function clvInputFromParticipant(participant: ParticipantClvFields, churnProbability: number): ClvInput {
  return validateClvInput({
    churnProbability,
    remainingVisits: participant.remainingVisits,
    visitValueUsd: participant.visitValueUsd,
    replacementCostUsd: participant.replacementCostUsd,
    remainingMonths: remainingMonths(participant.plannedDurationMonths, participant.monthsEnrolled),
  });
}
