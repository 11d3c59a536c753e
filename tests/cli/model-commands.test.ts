import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { predictProbaMatrix } from "@/lib/ml/model/predict";
import { parseModelText } from "@/lib/ml/model/text-reader";
import { scoreOnnx } from "@/lib/ml/onnx/run-onnx";
import { expectedColumn, MODEL_NAMES, testMatrix } from "../ml/model/lightgbm-fixtures";
import { createTempDb, type TempDb } from "../helpers/temp-db";

/** The model commands as a user runs them, on a throwaway database and models folder. */
let dir: string;
let env: NodeJS.ProcessEnv;
let db: TempDb;
beforeAll(async () => {
  // A migrated database of the run's provider (SQLite or PostgreSQL); the scripts migrate nothing more.
  db = await createTempDb();
  await db.prisma.$disconnect();
  dir = db.dir;
  env = { ...process.env, DATABASE_URL: db.url, MODELS_DIR: path.join(dir, "models") };
});
afterAll(() => db.cleanup());

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", path.resolve("scripts", script), ...args], { env, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("model commands", () => {
  it("train, list, import and promote", () => {
    const trained = run("train.ts", [
      "--data", "tests/fixtures/lightgbm/train.csv", "--label", "churned", "--categorical", "site,phase",
      "--param", "num_iterations=15", "--param", "num_leaves=7", "--version", "cli-trained",
    ]);
    expect(trained.err).toMatch(/loaded 4,000 rows, 8 features/);
    expect(trained.out).toMatch(/held-out: ROC AUC 0\.\d{4}/);
    expect(trained.code).toBe(0);
    for (const f of ["model.txt", "model.onnx", "model.json"]) expect(fs.existsSync(path.join(dir, "models", "cli-trained", f))).toBe(true);

    // A model on participant columns can be served; one on other columns cannot.
    const csv = path.join(dir, "participants.csv");
    expect(run("data-generate.ts", ["--rows", "800", "--seed", "3", "--out", csv]).code).toBe(0);
    const clinical = run("train.ts", [
      "--data", csv, "--label", "churned", "--ignore", "participant_id,enrollment_date,snapshot_date",
      "--param", "num_iterations=10", "--version", "cli-clinical", "--promote",
    ]);
    expect(clinical.out).toMatch(/model cli-clinical is now served/);
    expect(clinical.code).toBe(0);
    const notServable = run("models-promote.ts", ["cli-trained"]);
    expect(notServable.code).toBe(1);
    expect(notServable.err).toMatch(/not participant columns/);

    const imported = run("model-import.ts", ["tests/fixtures/lightgbm/bagged.model.txt", "--version", "cli-imported"]);
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/site \(categorical\)/);

    const listed = run("models-list.ts", []);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^\*\s+cli-clinical\s+ready\s+trained\s+0\.\d{4}/m);
    expect(listed.out).toMatch(/^\s+cli-trained\s+ready\s+trained\s+0\.\d{4}/m);
    expect(listed.out).toMatch(/^\s+cli-imported\s+ready\s+imported\s+-/m);

    const imported2 = run("model-import.ts", [path.join(dir, "models", "cli-clinical", "model.txt"), "--version", "cli-reimported"]);
    expect(imported2.code).toBe(0);
    const promoted = run("models-promote.ts", ["cli-reimported"]);
    expect(promoted.code).toBe(0);
    expect(run("models-list.ts", []).out).toMatch(/^\*\s+cli-reimported/m);
    const refused = run("models-promote.ts", ["no-such-version"]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/promotion failed: Unknown model version "no-such-version"/);
  });

  it("imports both LightGBM fixture models with npm run model:import and predicts what LightGBM predicted", async () => {
    // The documented path for training beyond one machine: the real LightGBM (e.g. on Spark)
    // writes model.txt, `npm run model:import` registers it.
    const test = testMatrix();
    for (const name of MODEL_NAMES) {
      const version = `lgb-fixture-${name}`;
      const imported = run("model-import.ts", [`tests/fixtures/lightgbm/${name}.model.txt`, "--version", version]);
      expect(imported.err).toBe("");
      expect(imported.code).toBe(0);
      expect(imported.out).toContain(`as model ${version}: age, distance_km, visits_missed, satisfaction, adverse_events, site (categorical), phase (categorical), compensation`);
      const folder = path.join(dir, "models", version);
      const metadata = JSON.parse(fs.readFileSync(path.join(folder, "model.json"), "utf8")) as { features: Array<{ name: string }>; source: string };
      expect(metadata.source).toBe("imported");
      expect(metadata.features.map((f) => f.name)).toEqual(test.featureNames);

      const expected = expectedColumn(name, "prob");
      expect(expected).toHaveLength(test.numRows);
      // What the app serves: the exported ONNX graph under onnxruntime.
      const served = await scoreOnnx(new Uint8Array(fs.readFileSync(path.join(folder, "model.onnx"))), test.data, test.numRows, test.numFeatures);
      // What explanations and the trainer use: the stored model text, evaluated by our tree reader.
      const booster = parseModelText(fs.readFileSync(path.join(folder, "model.txt"), "utf8"));
      const evaluated = predictProbaMatrix(booster, test.data, test.numRows, test.numFeatures);
      let worstServed = 0;
      let worstEvaluated = 0;
      for (let i = 0; i < test.numRows; i++) {
        worstServed = Math.max(worstServed, Math.abs(served[i] - expected[i]));
        worstEvaluated = Math.max(worstEvaluated, Math.abs(evaluated[i] - expected[i]));
      }
      // LightGBM prints probabilities with 17 significant digits: agreement to 1e-12 is exact.
      expect(worstServed).toBeLessThan(1e-12);
      expect(worstEvaluated).toBeLessThan(1e-12);
    }
    expect(run("models-list.ts", []).out).toMatch(/^\s+lgb-fixture-bagged\s+ready\s+imported\s+-/m);

    // A model trained on text categories elsewhere (e.g. Spark's StringIndexer): the codes get names.
    const names = path.join(dir, "categories.json");
    const site = Array.from({ length: 15 }, (_, i) => `SITE-${String(i).padStart(2, "0")}`);
    fs.writeFileSync(names, JSON.stringify({ site, phase: ["I", "II", "III", "IV"] }));
    const named = run("model-import.ts", ["tests/fixtures/lightgbm/main.model.txt", "--version", "lgb-named", "--categories", names]);
    expect(named.code).toBe(0);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, "models", "lgb-named", "model.json"), "utf8")) as { features: Array<{ name: string; categories?: string[] }> };
    expect(meta.features.find((f) => f.name === "site")?.categories).toEqual(site);
    expect(meta.features.find((f) => f.name === "phase")?.categories).toEqual(["I", "II", "III", "IV"]);
    fs.writeFileSync(names, JSON.stringify({ site: site.slice(0, 3) }));
    const tooFew = run("model-import.ts", ["tests/fixtures/lightgbm/main.model.txt", "--version", "lgb-bad", "--categories", names]);
    expect(tooFew.code).toBe(1);
    expect(tooFew.err).toMatch(/categories\.site: the model uses codes up to 14, but only 3 names are given/);
  });

  it("trains the churn model on the database's participants (the deployment's training job)", () => {
    const csv = path.join(dir, "participants.csv");
    expect(run("data-import.ts", [csv]).code).toBe(0);
    const trained = run("train.ts", ["--from-database", "--param", "num_iterations=8", "--version", "cli-from-db", "--promote"]);
    expect(trained.err).toMatch(/exported 800 participants with a known outcome/);
    expect(trained.out).toMatch(/model cli-from-db is now served/);
    expect(trained.code).toBe(0);
    expect(run("train.ts", ["--from-database", "--data", csv]).code).toBe(2);
  });

  it("fails clearly on bad input and writes nothing", () => {
    const before = fs.existsSync(path.join(dir, "models")) ? fs.readdirSync(path.join(dir, "models")) : [];
    const noLabel = run("train.ts", ["--data", "tests/fixtures/lightgbm/train.csv", "--label", "dropout"]);
    expect(noLabel.code).toBe(1);
    expect(noLabel.err).toMatch(/dropout/);
    expect(noLabel.err).toMatch(/churned/); // lists the columns that do exist
    const badParam = run("train.ts", ["--data", "tests/fixtures/lightgbm/train.csv", "--label", "churned", "--param", "learning_rate=-1"]);
    expect(badParam.code).toBe(1);
    expect(badParam.err).toMatch(/learning_rate/);
    const badFlag = run("train.ts", ["--data", "x.csv", "--label", "y", "--bogus", "1"]);
    expect(badFlag.code).toBe(1);
    expect(badFlag.err).toMatch(/Unknown option --bogus/);
    const after = fs.existsSync(path.join(dir, "models")) ? fs.readdirSync(path.join(dir, "models")) : [];
    expect(after).toEqual(before);
  });
});
