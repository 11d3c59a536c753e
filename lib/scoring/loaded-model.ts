import fs from "node:fs";
import path from "node:path";
import type * as ort from "onnxruntime-node";
import type { PrismaClient } from "../db/client";
import { ensureLocalArtifacts } from "../ml/artifacts/artifact-sync";
import type { ModelMetadata } from "../ml/artifacts/model-metadata";
import { MODEL_ONNX_FILE, readModelMetadata, readModelText, versionDir } from "../ml/artifacts/model-store";
import type { Booster } from "../ml/model/types";
import { parseModelText } from "../ml/model/text-reader";
import { createOnnxSession, runOnnxOutput } from "../ml/onnx/run-onnx";
import { ParticipantEncoder } from "./participant-encoder";
import { FALLBACK_THRESHOLDS, thresholdsFromEnv, type RiskThresholds } from "./risk-tiers";

/** Everything needed to score with one model version, loaded once. */
export interface LoadedModel {
  version: string;
  modelVersionId: number;
  metadata: ModelMetadata;
  booster: Booster;
  session: ort.InferenceSession;
  encoder: ParticipantEncoder;
  thresholds: RiskThresholds;
}

export async function loadModel(prisma: PrismaClient, version: string): Promise<LoadedModel> {
  const row = await prisma.modelVersion.findUnique({ where: { version }, select: { id: true, status: true } });
  if (!row) throw new Error(`Unknown model version "${version}"`);
  if (row.status !== "ready") throw new Error(`Model version ${version} is ${row.status}, not ready`);
  // Trained or imported on another host: its files come from the database.
  await ensureLocalArtifacts(prisma, version);
  const metadata = readModelMetadata(version);
  const booster = parseModelText(readModelText(version));
  const encoder = new ParticipantEncoder(metadata.features);
  const onnx = fs.readFileSync(path.join(versionDir(version), MODEL_ONNX_FILE));
  const session = await createOnnxSession(new Uint8Array(onnx));
  const thresholds = thresholdsFromEnv() ?? metadata.riskThresholds ?? FALLBACK_THRESHOLDS;
  return { version, modelVersionId: row.id, metadata, booster, session, encoder, thresholds };
}

/** Churn probabilities for an encoded matrix: one onnxruntime call for the whole batch. */
export function predictProbabilities(model: LoadedModel, data: Float64Array, rows: number): Promise<Float64Array> {
  return runOnnxOutput(model.session, data, rows, model.encoder.width);
}
