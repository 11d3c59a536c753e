import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readModelMetadata, readModelText, versionDir } from "@/lib/ml/artifacts/model-store";
import { scoreOnnx } from "@/lib/ml/onnx/run-onnx";
import { writeParticipantsCsv } from "@/lib/data/generator";
import { CLINICAL_TRAINING } from "@/lib/ml/clinical-model";
import { importLightgbmModel } from "@/lib/ml/training/import-model";
import { trainModel } from "@/lib/ml/training/train-model";
import { promoteVersion, servedVersion } from "@/lib/ml/versions/registry";
import { createTempDb, type TempDb } from "../../helpers/temp-db";
import { expectedColumn, MODEL_NAMES, testMatrix } from "../model/lightgbm-fixtures";

const FIXTURES = path.resolve("tests/fixtures/lightgbm");

let db: TempDb;
beforeEach(async () => {
  db = await createTempDb();
  process.env.MODELS_DIR = path.join(db.dir, "models");
});
afterEach(async () => {
  delete process.env.MODELS_DIR;
  await db.cleanup();
});

describe("importing models trained by the real LightGBM", () => {
  for (const name of MODEL_NAMES) {
    it(`imports ${name}.model.txt and serves LightGBM's probabilities through ONNX`, async () => {
      const file = path.join(FIXTURES, `${name}.model.txt`);
      const meta = await importLightgbmModel(db, file, `lgb-${name}`);
      expect(meta.source).toBe("imported");
      expect(meta.label).toBe("churned"); // from the model's label_column parameter
      const kinds = Object.fromEntries(meta.features.map((f) => [f.name, f.kind]));
      expect(kinds).toMatchObject({ age: "numeric", site: "categorical", phase: "categorical", compensation: "numeric" });
      const site = meta.features.find((f) => f.name === "site");
      expect(site?.kind === "categorical" && site.categories).toEqual(Array.from({ length: 15 }, (_, i) => String(i)));
      // The file is kept exactly as LightGBM wrote it.
      expect(readModelText(`lgb-${name}`)).toBe(fs.readFileSync(file, "utf8"));

      const test = testMatrix();
      const onnx = new Uint8Array(fs.readFileSync(path.join(versionDir(`lgb-${name}`), "model.onnx")));
      const probs = await scoreOnnx(onnx, test.data, test.numRows, test.numFeatures);
      const expected = expectedColumn(name, "prob");
      let worst = 0;
      for (let i = 0; i < test.numRows; i++) worst = Math.max(worst, Math.abs(probs[i] - expected[i]));
      expect(worst).toBeLessThan(1e-6);

      const row = await db.prisma.modelVersion.findUniqueOrThrow({ where: { version: `lgb-${name}` } });
      expect(row).toMatchObject({ status: "ready", source: "imported", isServed: false });
    });
  }

  it("refuses a corrupt model file and registers nothing", async () => {
    const bad = path.join(db.dir, "broken.model.txt");
    const text = fs.readFileSync(path.join(FIXTURES, "main.model.txt"), "utf8");
    fs.writeFileSync(bad, text.replace(/threshold=([^\n]*) [^ \n]+\n/, "threshold=$1\n"));
    await expect(importLightgbmModel(db, bad, "broken")).rejects.toThrow(/threshold/);
    expect(await db.prisma.modelVersion.count()).toBe(0);
    await expect(importLightgbmModel(db, path.join(db.dir, "missing.txt"))).rejects.toThrow(/No such model file/);
  });
});

/** Two quick models on participant columns (servable), trained on a small generated file. */
async function participantModels(...versions: string[]): Promise<void> {
  const csv = path.join(db.dir, "participants.csv");
  if (!fs.existsSync(csv)) await writeParticipantsCsv({ rows: 600, seed: 4 }, csv);
  for (const version of versions) {
    await trainModel(db, { source: { path: csv }, ...CLINICAL_TRAINING, params: { num_iterations: 5, num_leaves: 4 }, validFraction: 0, version });
  }
}

describe("promotion", () => {
  it("serves exactly one version at a time", async () => {
    await participantModels("a", "b");
    expect(await servedVersion(db.prisma)).toBeNull();
    await promoteVersion(db.prisma, "a");
    expect(await servedVersion(db.prisma)).toBe("a");
    await promoteVersion(db.prisma, "b");
    expect(await servedVersion(db.prisma)).toBe("b");
    expect(await db.prisma.modelVersion.count({ where: { isServed: true } })).toBe(1);
  });

  it("serves a LightGBM-format model file on participant columns after import", async () => {
    await participantModels("source");
    const imported = await importLightgbmModel(db, path.join(versionDir("source"), "model.txt"), "from-file");
    expect(imported.features).toEqual(readModelMetadata("source").features.map((f) => (f.kind === "numeric" ? f : { ...f, categories: expect.any(Array) })));
    await promoteVersion(db.prisma, "from-file");
    expect(await servedVersion(db.prisma)).toBe("from-file");
  });

  it("refuses unknown, unfinished, corrupt and incompatible versions, and the served one keeps serving", async () => {
    await participantModels("good", "corrupt");
    await importLightgbmModel(db, path.join(FIXTURES, "main.model.txt"), "other-features");
    await promoteVersion(db.prisma, "good");

    await expect(promoteVersion(db.prisma, "nope")).rejects.toThrow(/Unknown model version "nope"/);
    await db.prisma.modelVersion.create({ data: { version: "busy", status: "training", source: "trained", parameters: {}, artifactDir: "x" } });
    await expect(promoteVersion(db.prisma, "busy")).rejects.toThrow(/training, not ready/);
    fs.writeFileSync(path.join(versionDir("corrupt"), "model.txt"), "tree\nversion=v4\nnum_class=1\n");
    await expect(promoteVersion(db.prisma, "corrupt")).rejects.toThrow();
    await expect(promoteVersion(db.prisma, "other-features")).rejects.toThrow(/distance_km.*not participant columns/);
    expect(await servedVersion(db.prisma)).toBe("good");
  });
});
