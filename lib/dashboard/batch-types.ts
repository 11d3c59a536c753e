import type { FieldError } from "../data/import/parse-participant";
import type { RiskTier } from "../scoring/risk-tiers";

/**
 * What the batch scoring route returns and the batch page shows: plain JSON data, shared by the
 * server (lib/dashboard/batch-score.ts) and the browser (app/batch), so neither drifts.
 */

/** One explanation factor: a feature, the participant's value and its effect in probability points. */
export interface BatchFactor {
  feature: string;
  value: number | string | null;
  probabilityEffect: number;
}

export interface BatchResultRow {
  participantId: string;
  churnProbability: number;
  riskTier: RiskTier;
  clv: number;
  valueAtRisk: number;
  /** Largest effects raising the withdrawal probability first. */
  topRaising: BatchFactor[];
  /** Largest effects lowering it first. */
  topLowering: BatchFactor[];
}

export interface BatchSummary {
  rows: number;
  meanProbability: number;
  tiers: Record<RiskTier, number>;
  totalClv: number;
  totalValueAtRisk: number;
}

export interface BatchScoreResult {
  modelVersion: string;
  scoredAt: string;
  summary: BatchSummary;
  rows: BatchResultRow[];
}

/** The 400 body: problems by line and column, the first ones only, with the total. */
export interface BatchErrorBody {
  error: string;
  errorCount: number;
  errors: FieldError[];
}

export type { FieldError };
