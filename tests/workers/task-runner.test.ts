import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadId } from "node:worker_threads";
import { ImportValidationError } from "@/lib/data/import/import-participants";
import { loadModel, type LoadedModel } from "@/lib/scoring/loaded-model";
import { planForServedModel } from "@/lib/scoring/plan-interventions";
import { TaskRunner } from "@/lib/workers/task-runner";
import { createSeededModel, type SeededModel } from "../helpers/seeded-model";

let seeded: SeededModel;
let model: LoadedModel;
let runner: TaskRunner;

beforeAll(async () => {
  seeded = await createSeededModel(800, 5);
  model = await loadModel(seeded.db.prisma, "seeded");
  runner = new TaskRunner();
});
afterAll(async () => {
  await runner.close();
  await model.session.release();
  delete process.env.MODELS_DIR;
  await seeded.db.cleanup();
});

describe("task worker thread", () => {
  it("runs tasks on a thread other than the caller's", async () => {
    const where = await runner.run("ping");
    expect(where.isMainThread).toBe(false);
    expect(where.threadId).not.toBe(threadId);
  });

  it("scores on the worker, then plans there exactly as in process", async () => {
    const scored = await runner.run("scoreParticipants", { dbUrl: seeded.db.url });
    expect(scored.scored).toBe(800);
    expect(await seeded.db.prisma.prediction.count()).toBe(800);
    const args = { dbUrl: seeded.db.url, modelVersionId: model.modelVersionId, version: model.version, budgetUsd: 20_000 };
    const [onWorker, inProcess] = [await runner.run("planInterventions", args), await planForServedModel(seeded.db, model, 20_000)];
    expect(onWorker.assignments.length).toBeGreaterThan(0);
    expect(onWorker).toEqual(inProcess);
  });

  it("brings domain errors back as their own classes, and keeps going after them", async () => {
    const before = await seeded.db.prisma.patient.count();
    const bad = "patient_id,age\nP-1,abc\n";
    const error = await runner.run("importCsv", { dbUrl: seeded.db.url, text: bad }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as ImportValidationError).errorCount).toBeGreaterThan(0);
    expect((error as ImportValidationError).errors[0]).toHaveProperty("line");
    expect(await seeded.db.prisma.patient.count()).toBe(before);
    const budget = await runner.run("planInterventions", { dbUrl: seeded.db.url, modelVersionId: model.modelVersionId, version: model.version, budgetUsd: -1 }).catch((e: unknown) => e);
    expect(budget).toBeInstanceOf(Error);
    expect((budget as Error).message).toMatch(/budget/i);
    expect((await runner.run("ping")).isMainThread).toBe(false);
  });

  it("fails pending tasks when the worker dies, and starts a new one for the next task", async () => {
    const first = await runner.run("ping");
    const pending = runner.run("scoreParticipants", { dbUrl: seeded.db.url });
    await runner.close();
    await expect(pending).rejects.toThrow(/task worker/);
    const second = await runner.run("ping");
    expect(second.threadId).not.toBe(first.threadId);
  });
});
