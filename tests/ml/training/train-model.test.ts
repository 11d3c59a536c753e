import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readModelMetadata, readModelText } from "@/lib/ml/artifacts/model-store";
import { rocAuc, logLoss } from "@/lib/ml/metrics";
import { predictProbaMatrix } from "@/lib/ml/model/predict";
import { parseModelText } from "@/lib/ml/model/text-reader";
import { scoreOnnx } from "@/lib/ml/onnx/run-onnx";
import { trainModel } from "@/lib/ml/training/train-model";
import { listVersions } from "@/lib/ml/versions/registry";
import { createTempDb, type TempDb } from "../../helpers/temp-db";
import { fixtureText, testMatrix } from "../model/lightgbm-fixtures";

const FIXTURES = path.resolve("tests/fixtures/lightgbm");
const MAIN_PARAMS = { num_leaves: 15, learning_rate: 0.1, num_iterations: 40, min_data_in_leaf: 20, max_bin: 63, seed: 7 };

let db: TempDb;
beforeEach(async () => {
  db = await createTempDb();
  process.env.MODELS_DIR = path.join(db.dir, "models");
});
afterEach(async () => {
  delete process.env.MODELS_DIR;
  await db.cleanup();
});

function testLabels(): Uint8Array {
  const rows = fixtureText("test.csv").trim().split("\n").slice(1);
  return Uint8Array.from(rows.map((r) => Number(r.split(",")[0])));
}

function modelFolders(): string[] {
  const root = process.env.MODELS_DIR as string;
  return fs.existsSync(root) ? fs.readdirSync(root) : [];
}

describe("trainModel", () => {
  it("trains on the LightGBM fixture as well as LightGBM does, and writes consistent artifacts", async () => {
    const meta = await trainModel(db, {
      source: { path: path.join(FIXTURES, "train.csv") },
      label: "churned",
      categorical: ["site", "phase"],
      params: MAIN_PARAMS,
      validFraction: 0,
      version: "fixture-main",
    });
    expect(meta.features.map((f) => `${f.name}:${f.kind}`)).toEqual([
      "age:numeric",
      "distance_km:numeric",
      "visits_missed:numeric",
      "satisfaction:numeric",
      "adverse_events:numeric",
      "site:categorical",
      "phase:categorical",
      "compensation:numeric",
    ]);
    expect(meta.training?.numTrees).toBe(40);
    expect(meta.dataFingerprint).toMatch(/^[0-9a-f]{64}$/);

    // Quality against LightGBM's own held-out figures (AUC 0.790437, log loss 0.554565).
    const booster = parseModelText(readModelText("fixture-main"));
    const test = testMatrix();
    const probs = predictProbaMatrix(booster, test.data, test.numRows, test.numFeatures);
    const labels = testLabels();
    expect(Math.abs(rocAuc(probs, labels) - 0.790437)).toBeLessThan(0.005);
    expect(Math.abs(logLoss(probs, labels) - 0.554565)).toBeLessThan(0.01);

    // The ONNX artifact scores exactly like the text model.
    const onnx = fs.readFileSync(path.join(process.env.MODELS_DIR as string, "fixture-main", "model.onnx"));
    const viaOnnx = await scoreOnnx(new Uint8Array(onnx), test.data, test.numRows, test.numFeatures);
    for (let i = 0; i < test.numRows; i++) expect(Math.abs(viaOnnx[i] - probs[i])).toBeLessThan(1e-12);

    const versions = await listVersions(db.prisma);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: "fixture-main", status: "ready", source: "trained", isServed: false });
    expect(readModelMetadata("fixture-main").parameters.num_leaves).toBe(15);
  });

  it("holds out a stratified split, stops early on it and stores the evaluation", async () => {
    const events: string[] = [];
    const meta = await trainModel(
      db,
      { source: { path: path.join(FIXTURES, "train.csv") }, label: "churned", categorical: ["site", "phase"], params: { ...MAIN_PARAMS, num_iterations: 300 } },
      (e) => events.push(e.kind),
    );
    expect(meta.data).toMatchObject({ rows: 4000, trainRows: 3200, validationRows: 800 });
    const m = meta.metrics;
    expect(m).not.toBeNull();
    expect(m?.n).toBe(800);
    expect(m?.rocAuc).toBeGreaterThan(0.74);
    expect(m?.calibration).toHaveLength(10);
    expect(m?.rocCurve.length).toBeGreaterThan(10);
    // Early stopping (20 rounds by default) keeps fewer than the 300 iterations asked for.
    expect(meta.training?.numTrees).toBeLessThan(300);
    expect(meta.training?.bestIteration).toBe(meta.training?.numTrees);
    expect(events[0]).toBe("loaded");
    expect(events).toContain("iteration");
    expect(events[events.length - 1]).toBe("exported");
  });

  const bad: Array<[string, string, Record<string, string | number>, RegExp]> = [
    ["a missing label column", "age,distance_km\n1,2\n3,4\n", {}, /churned/],
    ["a non-binary label", "churned,age\n0,30\n2,40\n1,50\n", {}, /2/],
    ["an empty file", "", {}, /empty/i],
    ["only constant features", "churned,age\n0,5\n1,5\n0,5\n1,5\n", {}, /constant/i],
    ["a bad parameter value", "churned,age\n0,30\n1,40\n0,50\n1,60\n", { num_leaves: 1 }, /num_leaves/],
    ["an unknown parameter", "churned,age\n0,30\n1,40\n0,50\n1,60\n", { not_a_param: 3 }, /not_a_param/],
  ];
  for (const [what, csv, params, message] of bad) {
    it(`rejects ${what} with a clear message and writes nothing`, async () => {
      await expect(trainModel(db, { source: { text: csv }, label: "churned", params, validFraction: 0 })).rejects.toThrow(message);
      expect(await db.prisma.modelVersion.count()).toBe(0);
      expect(modelFolders()).toEqual([]);
    });
  }

  it("rejects a validation fraction out of range", async () => {
    await expect(trainModel(db, { source: { text: "churned,a\n0,1\n1,2\n" }, label: "churned", validFraction: 1.5 })).rejects.toThrow(/valid-fraction/);
    expect(await db.prisma.modelVersion.count()).toBe(0);
  });
});
