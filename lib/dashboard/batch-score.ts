import type { FeatureContribution } from "../ml/explain/participant-explanation";
import { explainParticipantsAsync } from "../scoring/explain-input";
import type { LoadedModel } from "../scoring/loaded-model";
import { predictRows } from "../scoring/predict-rows";
import { taskRunner } from "../workers/task-runner";
import type { FieldError } from "../data/import/parse-participant";
import type { BatchParseResult } from "./batch-parse";
import { summarizeBatch } from "./batch-summary";
import type { BatchFactor, BatchResultRow, BatchScoreResult } from "./batch-types";

/** Factors kept per direction: enough to act on, small enough for a 10,000-row response. */
export const TOP_FACTORS = 3;

/** The file was rejected: nothing was scored. `errors` holds the first problems, by line. */
export class BatchValidationError extends Error {
  constructor(
    readonly errors: FieldError[],
    readonly errorCount: number,
  ) {
    super(`The file has ${errorCount} problem${errorCount === 1 ? "" : "s"}; nothing was scored.`);
    this.name = "BatchValidationError";
  }
}

/** Scoring is impossible right now (no served model); the message says what to run. */
export class BatchUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BatchUnavailableError";
  }
}

export interface BatchScoreDeps {
  /** The process's served model (GraphQLContext.served). */
  served: { get(): Promise<LoadedModel> };
  /** Parses and validates the CSV; default: on the task worker thread, off the request event loop. */
  parse?: (text: string) => Promise<BatchParseResult>;
}

const parseOnWorker = (text: string) => taskRunner().run("parseParticipantsCsv", { text });

function factors(list: readonly FeatureContribution[]): BatchFactor[] {
  return list.slice(0, TOP_FACTORS).map((c) => ({ feature: c.feature, value: c.value, probabilityEffect: c.probabilityEffect }));
}

/**
 * Scores an uploaded participants CSV without importing it: validates every row first (any
 * invalid row rejects the whole file, nothing is scored), then predicts all rows with the same
 * code as the API (predictRows: one onnxruntime call, lifetime value, risk tier) and explains them
 * with SHAP (on worker threads for large files). Prediction and explanation use one model
 * instance, so a promotion during the request cannot mix two versions in one result.
 */
export async function scoreBatchCsv(deps: BatchScoreDeps, text: string): Promise<BatchScoreResult> {
  const parsed = await (deps.parse ?? parseOnWorker)(text);
  if (!parsed.ok) throw new BatchValidationError(parsed.errors, parsed.errorCount);
  let model: LoadedModel;
  try {
    model = await deps.served.get();
  } catch (err) {
    throw new BatchUnavailableError(err instanceof Error ? err.message : String(err));
  }
  const rows = parsed.rows;
  const [predictions, explanations] = await Promise.all([predictRows(model, rows), explainParticipantsAsync(model, rows, false)]);
  const results: BatchResultRow[] = rows.map((row, i) => ({
    participantId: String(row.id),
    churnProbability: predictions[i].churnProbability,
    riskTier: predictions[i].riskTier,
    clv: predictions[i].clv,
    valueAtRisk: predictions[i].valueAtRisk,
    topRaising: factors(explanations[i].topRaising),
    topLowering: factors(explanations[i].topLowering),
  }));
  return { modelVersion: model.version, scoredAt: new Date().toISOString(), summary: summarizeBatch(results), rows: results };
}
