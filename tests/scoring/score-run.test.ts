import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeClv, remainingMonths } from "@/lib/clv";
import { readModelText } from "@/lib/ml/artifacts/model-store";
import { predictProbaMatrix } from "@/lib/ml/model/predict";
import { parseModelText } from "@/lib/ml/model/text-reader";
import { ParticipantEncoder } from "@/lib/scoring/participant-encoder";
import { riskTier } from "@/lib/scoring/risk-tiers";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

const ROWS = 1500;
let seeded: SeededModel;
/** One study is discounted at 30% a year: its stored CLVs must use that rate, the others 10%. */
let overriddenStudy = "";
beforeAll(async () => {
  seeded = await createSeededModel(ROWS);
  overriddenStudy = (await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "asc" } })).studyId;
  process.env.CLV_STUDY_DISCOUNT_RATES = `${overriddenStudy}=0.3`;
});
afterAll(async () => {
  delete process.env.CLV_STUDY_DISCOUNT_RATES;
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

async function versionRow() {
  return seeded.db.prisma.modelVersion.findUniqueOrThrow({ where: { version: "seeded" } });
}

describe("scoring run", () => {
  it("stops half-way without completing the version, and a rerun completes it", async () => {
    const { db } = seeded;
    await expect(
      scoreParticipants(db, {
        batchSize: 400,
        afterBatch: (n) => {
          if (n === 2) throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    expect(await db.prisma.prediction.count()).toBe(800);
    expect((await versionRow()).scoringStatus).toBe("partial");

    const rerun = await scoreParticipants(db, { batchSize: 400 });
    expect(rerun).toMatchObject({ version: "seeded", scored: ROWS - 800, total: ROWS });
    const row = await versionRow();
    expect(row).toMatchObject({ scoringStatus: "complete", scoredCount: ROWS });
    expect(row.scoredAt).not.toBeNull();
  });

  it("stores onnxruntime probabilities equal to our tree evaluation, CLV, tiers and top factors", async () => {
    const { db, model } = seeded;
    const patients = await db.prisma.patient.findMany({ orderBy: { id: "asc" } });
    const predictions = new Map((await db.prisma.prediction.findMany()).map((p) => [p.patientId, p]));
    expect(predictions.size).toBe(ROWS);

    const encoder = new ParticipantEncoder(model.features);
    const trees = predictProbaMatrix(parseModelText(readModelText("seeded")), encoder.encode(patients), patients.length, encoder.width);
    const thresholds = model.riskThresholds;
    if (!thresholds) throw new Error("trained model should carry risk thresholds");
    let worst = 0;
    patients.forEach((p, i) => {
      const pred = predictions.get(p.id);
      if (!pred) throw new Error(`no prediction for ${p.id}`);
      worst = Math.max(worst, Math.abs(pred.churnProbability - trees[i]));
      expect(pred.riskTier).toBe(riskTier(pred.churnProbability, thresholds));
      if (i % 97 === 0 || p.studyId === overriddenStudy) {
        const clv = computeClv(
          {
          churnProbability: pred.churnProbability,
          remainingVisits: p.remainingVisits,
          visitValueUsd: p.visitValueUsd,
          replacementCostUsd: p.replacementCostUsd,
          remainingMonths: remainingMonths(p.plannedDurationMonths, p.monthsEnrolled),
          },
          { annualDiscountRate: p.studyId === overriddenStudy ? 0.3 : 0.1 },
        );
        expect(pred.clv).toBeCloseTo(clv.clv, 6);
        expect(pred.valueAtRisk).toBeCloseTo(clv.valueAtRisk, 6);
        expect(pred.expectedRemainingVisits).toBeCloseTo(clv.expectedRemainingVisits, 9);
      }
    });
    expect(worst).toBeLessThan(1e-6);

    // Top factors: up to three each way, signs as labelled, real feature names.
    const names = new Set(model.features.map((f) => f.name));
    const sample = predictions.get(patients[0].id);
    const factors = sample?.topFactors as { raising: Array<{ feature: string; shap: number }>; lowering: Array<{ feature: string; shap: number }> };
    expect(factors.raising.length + factors.lowering.length).toBeGreaterThan(0);
    expect(factors.raising.length).toBeLessThanOrEqual(3);
    for (const f of factors.raising) expect(names.has(f.feature) && f.shap > 0).toBe(true);
    for (const f of factors.lowering) expect(names.has(f.feature) && f.shap < 0).toBe(true);
    // Every tier appears with the quantile thresholds (top 5% critical).
    const tiers = new Set([...predictions.values()].map((p) => p.riskTier));
    expect([...tiers].sort()).toEqual(["critical", "high", "low", "medium"]);
  });

  it("rescores only participants whose data changed since their prediction", async () => {
    const { db } = seeded;
    expect((await scoreParticipants(db)).scored).toBe(0);
    const target = (await db.prisma.patient.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
    await new Promise((r) => setTimeout(r, 5));
    await db.prisma.patient.update({ where: { id: target }, data: { visitsMissed: { increment: 3 } } });
    const rerun = await scoreParticipants(db);
    expect(rerun).toMatchObject({ scored: 1, total: ROWS });
  });

  it("refuses to run without a served model", async () => {
    await seeded.db.prisma.modelVersion.updateMany({ data: { isServed: false } });
    await expect(scoreParticipants(seeded.db)).rejects.toThrow(/No model is served/);
    await seeded.db.prisma.modelVersion.update({ where: { version: "seeded" }, data: { isServed: true } });
  });
});
