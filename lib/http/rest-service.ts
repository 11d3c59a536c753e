import type { Db } from "../db/client";
import type { ParticipantExplanation } from "../ml/explain/participant-explanation";
import { explainParticipants } from "../scoring/explain-input";
import type { PredictService, ServedPrediction } from "../scoring/predict-service";
import type { ServedModel } from "../scoring/served-model";
import type { TwoTierCache } from "../cache";
import { HttpError, requireObject } from "./json-route";

export const MAX_BATCH = 10_000;

/** The original service's REST contract, over the same scoring services as GraphQL. */
export async function predictBody(predictor: PredictService, body: unknown): Promise<ServedPrediction> {
  return predictor.predictOne(requireObject(body, "body"));
}

export async function predictBatchBody(predictor: PredictService, body: unknown): Promise<{ predictions: ServedPrediction[] }> {
  const inputs = requireObject(body, "body").inputs;
  if (!Array.isArray(inputs)) throw new HttpError(400, "inputs must be an array of participants");
  if (inputs.length > MAX_BATCH) throw new HttpError(400, `inputs: at most ${MAX_BATCH} participants per call, got ${inputs.length}`);
  return { predictions: await predictor.predictMany(inputs.map((x, i) => requireObject(x, `inputs[${i}]`))) };
}

export async function explainBody(db: Db, served: ServedModel, body: unknown): Promise<ParticipantExplanation & { modelVersion: string }> {
  const request = requireObject(body, "body");
  const model = await served.get();
  if (typeof request.patientId === "string") {
    const patient = await db.prisma.patient.findUnique({ where: { id: request.patientId } });
    if (!patient) throw new HttpError(404, `No participant with id "${request.patientId}"`);
    return explainParticipants(model, [patient], false)[0];
  }
  return explainParticipants(model, [requireObject(request.input ?? request, "input")], true)[0];
}

export async function healthBody(db: Db, served: ServedModel, cache: TwoTierCache): Promise<{ status: string; database: string; model: string; servedModel: string | null; cache: string }> {
  let database = "ok";
  try {
    await db.prisma.$queryRawUnsafe("SELECT 1");
  } catch (err) {
    database = `down: ${err instanceof Error ? err.message : String(err)}`;
  }
  let model = "ok";
  let servedModel: string | null = null;
  try {
    servedModel = (await served.get()).version;
    if (served.lastError) model = `degraded: ${served.lastError}`;
  } catch (err) {
    model = `unavailable: ${err instanceof Error ? err.message : String(err)}`;
  }
  // A Redis outage degrades the cache, not the service: requests still succeed from memory and the model.
  return { status: database === "ok" && model === "ok" ? "ok" : "degraded", database, model, servedModel, cache: cache.health() };
}
