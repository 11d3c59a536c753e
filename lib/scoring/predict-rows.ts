import { studyClvConfigFromEnv } from "../clv";
import { batchClv, type ClvRow } from "./batch-clv";
import type { LoadedModel } from "./loaded-model";
import { predictProbabilities } from "./loaded-model";
import { riskTier, type RiskTier } from "./risk-tiers";
import { featureRowHashes } from "./row-hash";
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
  /** Fingerprint of the encoded feature row (./row-hash.ts). */
  inputHash: string;
  modelVersion: string;
  computedAt: Date;
  /** Always false here; the prediction service marks cache hits. */
  cached: boolean;
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
  const hashes = featureRowHashes(data, model.encoder.width);
  // Validated above: the value fields are numbers.
  const clv = batchClv(rows as unknown as ReadonlyArray<ClvRow>, probabilities, studyClvConfigFromEnv());
  const computedAt = new Date();
  // One object literal per row with every field: large batches allocate nothing else per row.
  return rows.map((_, i) => ({
    churnProbability: probabilities[i],
    riskTier: riskTier(probabilities[i], model.thresholds),
    clv: clv.clv[i],
    clvIfRetained: clv.clvIfRetained[i],
    valueAtRisk: clv.valueAtRisk[i],
    expectedRemainingVisits: clv.expectedRemainingVisits[i],
    inputHash: hashes[i],
    modelVersion: model.version,
    computedAt,
    cached: false,
  }));
}
