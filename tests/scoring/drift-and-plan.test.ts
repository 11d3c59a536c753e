import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadModel, type LoadedModel } from "@/lib/scoring/loaded-model";
import { checkDrift } from "@/lib/scoring/drift-check";
import { planForServedModel } from "@/lib/scoring/plan-interventions";
import { scoreParticipants } from "@/lib/scoring/score-run";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let model: LoadedModel;
beforeAll(async () => {
  seeded = await createSeededModel(1200, 21);
  model = await loadModel(seeded.db.prisma, "seeded");
});
afterAll(async () => {
  await model.session.release();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

describe("retention plan over stored predictions", () => {
  it("needs predictions, then stays within budget and saves value", async () => {
    await expect(planForServedModel(seeded.db, model, 10_000)).rejects.toThrow(/run npm run score/);
    await scoreParticipants(seeded.db);
    const plan = await planForServedModel(seeded.db, model, 25_000);
    expect(plan.totals.costUsd).toBeLessThanOrEqual(25_000);
    expect(plan.totals.costUsd).toBeGreaterThan(20_000);
    expect(plan.totals.expectedValueSavedUsd).toBeGreaterThan(plan.totals.costUsd);
    const ids = new Set((await seeded.db.prisma.patient.findMany({ select: { id: true } })).map((p) => p.id));
    for (const a of plan.assignments) expect(ids.has(a.participantId)).toBe(true);
    // The riskiest participants are the ones worth acting on: chosen ones average a higher probability.
    const chosenMean = plan.assignments.reduce((s, a) => s + a.churnProbability, 0) / plan.assignments.length;
    const all = await seeded.db.prisma.prediction.aggregate({ _avg: { churnProbability: true } });
    expect(chosenMean).toBeGreaterThan(all._avg.churnProbability ?? 1);
    expect((await planForServedModel(seeded.db, model, 0)).assignments).toEqual([]);
    await expect(planForServedModel(seeded.db, model, -5)).rejects.toThrow(/budget/i);
  });
});

describe("drift against the training data", () => {
  it("is stable on the training population and flags a shifted feature", async () => {
    const same = await checkDrift(seeded.db, model);
    expect(same).not.toBeNull();
    expect(same?.status).toBe("stable");
    expect(same?.maxPsi).toBeLessThan(0.01);
    expect(same?.features.map((f) => f.name)).toEqual(model.metadata.features.map((f) => f.name));

    await seeded.db.prisma.$executeRawUnsafe(`UPDATE "Patient" SET "distanceToSiteKm" = "distanceToSiteKm" * 4 + 30`);
    const shifted = await checkDrift(seeded.db, model);
    const distance = shifted?.features.find((f) => f.name === "distance_to_site_km");
    expect(distance?.psi).toBeGreaterThan(0.25);
    expect(distance?.status).toBe("significant");
    expect(shifted?.features.find((f) => f.name === "age")?.status).toBe("stable");
  });
});
