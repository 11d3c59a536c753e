import DataLoader from "dataloader";
import type { Db } from "../lib/db/client";
import type { Patient } from "../lib/db/generated/client";
import type { ParticipantExplanation } from "../lib/ml/explain/participant-explanation";
import { explainParticipantsAsync } from "../lib/scoring/explain-input";
import type { ServedModel } from "../lib/scoring/served-model";

export interface PredictionView {
  churnProbability: number;
  riskTier: string;
  clv: number;
  valueAtRisk: number;
  expectedRemainingVisits: number;
  modelVersion: string;
  computedAt: Date;
  cached: boolean;
  inputHash?: string | null;
}

export type ExplanationView = ParticipantExplanation & { modelVersion: string };

export interface Loaders {
  patient: DataLoader<string, Patient | null>;
  predictions: DataLoader<string, PredictionView[]>;
  explanation: DataLoader<string, ExplanationView | null>;
}

/**
 * Per-request loaders: every patient, prediction list and explanation a query touches is loaded
 * with one SQL query per kind, and explanations with one SHAP pass over all requested rows.
 */
export function createLoaders(db: Db, served: ServedModel): Loaders {
  const patient = new DataLoader<string, Patient | null>(async (ids) => {
    const rows = await db.prisma.patient.findMany({ where: { id: { in: [...ids] } } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  const predictions = new DataLoader<string, PredictionView[]>(async (ids) => {
    const rows = await db.prisma.prediction.findMany({
      where: { patientId: { in: [...ids] } },
      orderBy: [{ computedAt: "desc" }, { id: "desc" }],
      include: { modelVersion: { select: { version: true } } },
    });
    const byPatient = new Map<string, PredictionView[]>();
    for (const r of rows) {
      const list = byPatient.get(r.patientId) ?? [];
      list.push({
        churnProbability: r.churnProbability,
        riskTier: r.riskTier,
        clv: r.clv,
        valueAtRisk: r.valueAtRisk,
        expectedRemainingVisits: r.expectedRemainingVisits,
        modelVersion: r.modelVersion.version,
        computedAt: r.computedAt,
        cached: false,
      });
      byPatient.set(r.patientId, list);
    }
    return ids.map((id) => byPatient.get(id) ?? []);
  });

  const explanation = new DataLoader<string, ExplanationView | null>(async (ids) => {
    const model = await served.get();
    const patients = await patient.loadMany(ids);
    const found = patients.map((p) => (p && !(p instanceof Error) ? p : null));
    const present = found.filter((p): p is Patient => p !== null);
    const explained = await explainParticipantsAsync(model, present, false);
    const byId = new Map<string, ExplanationView>(present.map((p, i) => [p.id, explained[i]]));
    return ids.map((id) => byId.get(id) ?? null);
  });

  return { patient, predictions, explanation };
}
