import { computeClvColumns, configForStudy, remainingMonths, studyClvConfigFromEnv } from "../clv";
import type { LoadedModel } from "./loaded-model";
import { predictProbabilities } from "./loaded-model";
import { riskTier, type RiskTier } from "./risk-tiers";
import { InvalidParticipantInput, validateParticipants } from "./validate-participant";

/** Fields lifetime value needs besides the model's features. */
export const VALUE_FIELDS = ["remainingVisits", "visitValueUsd", "replacementCostUsd", "plannedDurationMonths", "monthsEnrolled"] as const;

export interface RowPrediction {
  churnProbability: number;
  riskTier: RiskTier;
  clv: number;
  clvIfRetained: number;
  valueAtRisk: number;
  expectedRemainingVisits: number;
}

/**
 * Predicts ad-hoc participants (API calls, uploaded files): validates every row first (nothing is
 * scored when any row is invalid), encodes all rows into one tensor for one onnxruntime call, then
 * adds lifetime value and risk tier.
 */
export async function predictRows(model: LoadedModel, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Promise<RowPrediction[]> {
  const problems = validateParticipants(rows, model.metadata.features, VALUE_FIELDS);
  if (problems.length > 0) throw new InvalidParticipantInput(problems);
  if (rows.length === 0) return [];
  const data = model.encoder.encode(rows);
  const probabilities = await predictProbabilities(model, data, rows.length);
  const config = studyClvConfigFromEnv();
  const num = (row: Readonly<Record<string, unknown>>, field: string) => row[field] as number;
  return rows.map((row, i) => {
    const study = typeof row.studyId === "string" ? row.studyId : "";
    const clv = computeClvColumns(
      {
        churnProbability: [probabilities[i]],
        remainingVisits: [num(row, "remainingVisits")],
        visitValueUsd: [num(row, "visitValueUsd")],
        replacementCostUsd: [num(row, "replacementCostUsd")],
        remainingMonths: [remainingMonths(num(row, "plannedDurationMonths"), num(row, "monthsEnrolled"))],
      },
      configForStudy(config, study),
    );
    return {
      churnProbability: probabilities[i],
      riskTier: riskTier(probabilities[i], model.thresholds),
      clv: clv.clv[0],
      clvIfRetained: clv.clvIfRetained[0],
      valueAtRisk: clv.valueAtRisk[0],
      expectedRemainingVisits: clv.expectedRemainingVisits[0],
    };
  });
}
