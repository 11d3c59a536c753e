import { explainRow, type ParticipantExplanation } from "../ml/explain/participant-explanation";
import os from "node:os";
import { ShapExplainer, ShapPool } from "../ml/shap";
import type { LoadedModel } from "./loaded-model";
import { InvalidParticipantInput, validateParticipants } from "./validate-participant";

// The SHAP structure of a model is built once per loaded version, not per request.
const explainers = new WeakMap<LoadedModel, ShapExplainer>();

export function explainerFor(model: LoadedModel): ShapExplainer {
  let e = explainers.get(model);
  if (!e) {
    e = new ShapExplainer(model.booster);
    explainers.set(model, e);
  }
  return e;
}

/** Exact SHAP explanation of participants by a model; `validate` checks inputs first (API input). */
export function explainParticipants(model: LoadedModel, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, validate: boolean): Array<ParticipantExplanation & { modelVersion: string }> {
  if (validate) checkInputs(model, rows);
  const data = model.encoder.encode(rows);
  return assemble(model, data, explainerFor(model).shapValues(data, rows.length, model.encoder.width));
}

function checkInputs(model: LoadedModel, rows: ReadonlyArray<Readonly<Record<string, unknown>>>): void {
  const problems = validateParticipants(rows, model.metadata.features);
  if (problems.length > 0) throw new InvalidParticipantInput(problems);
}

/** One explanation per encoded row from its SHAP row. */
function assemble(model: LoadedModel, data: Float64Array, values: Float64Array): Array<ParticipantExplanation & { modelVersion: string }> {
  const nf = model.encoder.width;
  const rows = data.length / nf;
  return Array.from({ length: rows }, (_, i) => ({
    ...explainRow(model.metadata.features, values.subarray(i * (nf + 1), (i + 1) * (nf + 1)), data.subarray(i * nf, (i + 1) * nf)),
    modelVersion: model.version,
  }));
}

/** From this many rows an explanation request runs on worker threads, off the request event loop. */
export const POOL_MIN_ROWS = 64;

let pooled: { model: LoadedModel; pool: Promise<ShapPool | null> } | null = null;

/** One worker pool for the latest model explained; an older model's pool is closed. */
function poolFor(model: LoadedModel): Promise<ShapPool | null> {
  if (pooled?.model === model) return pooled.pool;
  const previous = pooled;
  // A pool that cannot start (e.g. no worker script in a stripped deployment) falls back to in-process.
  const pool = ShapPool.create(model.booster, { workers: Math.min(2, os.availableParallelism()) }).catch(() => null);
  pooled = { model, pool };
  if (previous) void previous.pool.then((p) => p?.close());
  return pool;
}

/**
 * explainParticipants for request handlers: large batches are explained on worker threads so one
 * heavy query never stalls the others; small ones stay in-process, where a message round trip
 * would cost more than the work.
 */
export async function explainParticipantsAsync(
  model: LoadedModel,
  rows: ReadonlyArray<Readonly<Record<string, unknown>>>,
  validate: boolean,
): Promise<Array<ParticipantExplanation & { modelVersion: string }>> {
  if (rows.length < POOL_MIN_ROWS) return explainParticipants(model, rows, validate);
  const pool = await poolFor(model);
  if (!pool) return explainParticipants(model, rows, validate);
  if (validate) checkInputs(model, rows);
  const data = model.encoder.encode(rows);
  return assemble(model, data, await pool.shapValues(data, rows.length, model.encoder.width));
}
