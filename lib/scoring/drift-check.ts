import type { Db } from "../db/client";
import { driftReport, type DriftReport } from "../drift";
import { readDriftReference } from "../ml/artifacts/model-store";
import type { LoadedModel } from "./loaded-model";
import { currentPopulationMatrix } from "./population";

/**
 * Population stability of every model feature between the model's training data and the
 * participants in the database now. Null for models that came without training data (imported).
 */
export async function checkDrift(db: Db, model: LoadedModel): Promise<DriftReport | null> {
  const reference = readDriftReference(model.version);
  if (!reference) return null;
  const current = await currentPopulationMatrix(db, model);
  return driftReport(reference, { data: current.data, features: model.metadata.features });
}
