import fs from "node:fs";
import path from "node:path";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { importParticipants } from "@/lib/data/import/import-participants";
import { CLINICAL_TRAINING } from "@/lib/ml/clinical-model";
import type { ModelMetadata } from "@/lib/ml/artifacts/model-metadata";
import { trainModel } from "@/lib/ml/training/train-model";
import { promoteVersion } from "@/lib/ml/versions/registry";
import { createTempDb, type TempDb } from "./temp-db";

export interface SeededModel {
  db: TempDb;
  csv: string;
  model: ModelMetadata;
}

/**
 * A temporary database holding `rows` synthetic participants and a small churn model trained on
 * them and promoted, with its artifacts in a temporary MODELS_DIR.
 */
export async function createSeededModel(rows: number, seed = 11): Promise<SeededModel> {
  const db = await createTempDb();
  process.env.MODELS_DIR = path.join(db.dir, "models");
  const csv = path.join(db.dir, "participants.csv");
  await writeParticipantsCsv({ rows, seed }, csv);
  await importParticipants(db, { path: csv });
  const model = await trainModel(db, {
    source: { path: csv },
    ...CLINICAL_TRAINING,
    params: { num_iterations: 40, num_leaves: 15, learning_rate: 0.1, min_data_in_leaf: 20, seed: 3 },
    version: "seeded",
  });
  await promoteVersion(db.prisma, model.version);
  if (!fs.existsSync(path.join(process.env.MODELS_DIR, "seeded", "model.onnx"))) throw new Error("seeded model missing");
  return { db, csv, model };
}
