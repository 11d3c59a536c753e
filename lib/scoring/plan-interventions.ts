import type { Db } from "../db/client";
import { clvConfigFromEnv } from "../clv";
import { planRetention, type Intervention, type RetentionPlan } from "../planner";
import type { LoadedModel } from "./loaded-model";
import { plannerPopulation } from "./population";

/** Plans retention spending over the served version's stored predictions. */
export async function planForServedModel(db: Db, model: Pick<LoadedModel, "modelVersionId" | "version">, budgetUsd: number, interventions?: readonly Intervention[]): Promise<RetentionPlan> {
  const participants = await plannerPopulation(db, model.modelVersionId);
  if (participants.ids.length === 0) throw new Error(`No stored predictions for model ${model.version}: run npm run score first.`);
  return planRetention({ participants, budgetUsd, interventions, clvConfig: clvConfigFromEnv() });
}
