import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainingProgressRecorder } from "@/lib/ml/versions/training-progress";
import { createTempDb, type TempDb } from "../../helpers/temp-db";

let db: TempDb;
beforeAll(async () => {
  db = await createTempDb();
  await db.prisma.modelVersion.create({ data: { version: "v-progress", source: "trained", status: "training", parameters: {}, artifactDir: "x" } });
});
afterAll(async () => {
  await db.cleanup();
});

const progressOf = async () => (await db.prisma.modelVersion.findUniqueOrThrow({ where: { version: "v-progress" } })).progress;

describe("training progress", () => {
  it("is written at once, at most every interval, and always when complete", async () => {
    const recorder = trainingProgressRecorder(db.url, "v-progress", 60_000);
    expect(await progressOf()).toBeNull();
    recorder.record(0.1);
    expect(await progressOf()).toBeCloseTo(0.1, 12);
    recorder.record(0.5); // within the interval: skipped
    expect(await progressOf()).toBeCloseTo(0.1, 12);
    recorder.record(1);
    expect(await progressOf()).toBe(1);
    recorder.close();
  });

  it("clamps to [0, 1] and leaves other versions alone", async () => {
    await db.prisma.modelVersion.create({ data: { version: "v-other", source: "trained", status: "training", parameters: {}, artifactDir: "y" } });
    const recorder = trainingProgressRecorder(db.url, "v-progress", 0);
    recorder.record(-3);
    expect(await progressOf()).toBe(0);
    recorder.record(7);
    expect(await progressOf()).toBe(1);
    recorder.close();
    expect((await db.prisma.modelVersion.findUniqueOrThrow({ where: { version: "v-other" } })).progress).toBeNull();
  });
});
