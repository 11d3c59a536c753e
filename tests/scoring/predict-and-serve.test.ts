import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeClv, remainingMonths } from "@/lib/clv";
import { readModelText } from "@/lib/ml/artifacts/model-store";
import { predictProbaMatrix } from "@/lib/ml/model/predict";
import { parseModelText } from "@/lib/ml/model/text-reader";
import { importLightgbmModel } from "@/lib/ml/training/import-model";
import { trainModel } from "@/lib/ml/training/train-model";
import { CLINICAL_TRAINING } from "@/lib/ml/clinical-model";
import { loadModel, type LoadedModel } from "@/lib/scoring/loaded-model";
import { predictRows } from "@/lib/scoring/predict-rows";
import { ServedModel } from "@/lib/scoring/served-model";
import { InvalidParticipantInput } from "@/lib/scoring/validate-participant";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let model: LoadedModel;
let participant: Record<string, unknown>;
beforeAll(async () => {
  seeded = await createSeededModel(800, 5);
  model = await loadModel(seeded.db.prisma, "seeded");
  const row = await seeded.db.prisma.patient.findFirstOrThrow({ orderBy: { id: "asc" } });
  participant = { ...row };
});
afterAll(async () => {
  await model.session.release();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

function treeProbability(rows: Array<Record<string, unknown>>): Float64Array {
  const booster = parseModelText(readModelText("seeded"));
  return predictProbaMatrix(booster, model.encoder.encode(rows), rows.length, model.encoder.width);
}

async function problemsOf(rows: Array<Record<string, unknown>>) {
  try {
    await predictRows(model, rows);
  } catch (err) {
    if (err instanceof InvalidParticipantInput) return err.problems;
    throw err;
  }
  throw new Error("expected the input to be rejected");
}

describe("predicting ad-hoc participants", () => {
  it("scores valid rows in one call, with lifetime value and tier", async () => {
    const rows = [participant, { ...participant, distanceToSiteKm: 250, satisfactionScore: null }];
    const [a, b] = await predictRows(model, rows);
    const trees = treeProbability(rows);
    expect(Math.abs(a.churnProbability - trees[0])).toBeLessThan(1e-12);
    expect(Math.abs(b.churnProbability - trees[1])).toBeLessThan(1e-12);
    const clv = computeClv({
      churnProbability: a.churnProbability,
      remainingVisits: participant.remainingVisits as number,
      visitValueUsd: participant.visitValueUsd as number,
      replacementCostUsd: participant.replacementCostUsd as number,
      remainingMonths: remainingMonths(participant.plannedDurationMonths as number, participant.monthsEnrolled as number),
    });
    expect(a.clv).toBeCloseTo(clv.clv, 9);
    expect(a.valueAtRisk).toBeCloseTo(clv.valueAtRisk, 9);
    expect(["low", "medium", "high", "critical"]).toContain(a.riskTier);
  });

  it("follows the model's rule for categories it never saw", async () => {
    const rows = [{ ...participant, studyId: "STU-999", siteId: "SITE-99" }];
    const [p] = await predictRows(model, rows);
    expect(Math.abs(p.churnProbability - treeProbability(rows)[0])).toBeLessThan(1e-12);
  });

  it("names row and field for missing, mistyped, out-of-range and unknown values", async () => {
    const problems = await problemsOf([
      participant,
      { ...participant, age: undefined },
      { ...participant, age: "sixty", ediaryCompliance: 1.5 },
      { ...participant, phase: "V", remainingVisits: -2 },
      { ...participant, hasCaregiver: "yes" },
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 1, field: "age", message: "age is required" }),
        expect.objectContaining({ row: 2, field: "age", message: expect.stringMatching(/must be a number/) }),
        expect.objectContaining({ row: 2, field: "ediaryCompliance", message: expect.stringMatching(/at most 1/) }),
        expect.objectContaining({ row: 3, field: "phase", message: expect.stringMatching(/one of I, II, III, IV/) }),
        expect.objectContaining({ row: 3, field: "remainingVisits", message: expect.stringMatching(/at least 0/) }),
        expect.objectContaining({ row: 4, field: "hasCaregiver", message: expect.stringMatching(/true or false/) }),
      ]),
    );
    expect(problems.some((p) => p.row === 0)).toBe(false);
  });
});

describe("the served model", () => {
  it("swaps to a newly promoted version and keeps serving when a promoted version cannot load", async () => {
    const { db } = seeded;
    const served = new ServedModel(db.prisma, 0);
    try {
      expect((await served.get()).version).toBe("seeded");
      await trainModel(db, { source: { path: seeded.csv }, ...CLINICAL_TRAINING, params: { num_iterations: 5, num_leaves: 4 }, version: "second" });
      await db.prisma.$transaction([
        db.prisma.modelVersion.updateMany({ data: { isServed: false } }),
        db.prisma.modelVersion.update({ where: { version: "second" }, data: { isServed: true } }),
      ]);
      const second = await served.get();
      expect(second.version).toBe("second");

      // A version whose files break after promotion (disk trouble, a bad copy) must not replace it.
      await importLightgbmModel(db, path.resolve("tests/fixtures/lightgbm/main.model.txt"), "incompatible");
      await db.prisma.$transaction([
        db.prisma.modelVersion.updateMany({ data: { isServed: false } }),
        db.prisma.modelVersion.update({ where: { version: "incompatible" }, data: { isServed: true } }),
      ]);
      expect((await served.get()).version).toBe("second");
      expect(served.lastError).toMatch(/incompatible.*not participant columns/);
    } finally {
      await served.close();
    }
  });
});
