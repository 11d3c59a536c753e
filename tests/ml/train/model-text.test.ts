/**
 * Integration with the model text writer / reader / predictor (lib/ml/model): the trained booster
 * written out is LightGBM's own model file, and predicts LightGBM's scores after a round trip.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trainBooster } from "@/lib/ml/train";
import { predictRawMatrix } from "@/lib/ml/model/predict";
import { parseModelText } from "@/lib/ml/model/text-reader";
import { writeModelText } from "@/lib/ml/model/text-writer";
import { FIXTURE_DIR, lightgbmAtof, loadCsv } from "./fixture-data";

describe("trained model as LightGBM text", () => {
  const train = loadCsv("train.csv", lightgbmAtof);
  const test = loadCsv("test.csv", lightgbmAtof);
  const { booster } = trainBooster(
    {
      data: train.data,
      numRows: train.numRows,
      numFeatures: train.numFeatures,
      labels: train.labels,
      featureNames: train.featureNames,
      categoricalFeatures: ["site", "phase"],
    },
    { num_leaves: 15, learning_rate: 0.1, num_iterations: 40, min_data_in_leaf: 20, max_bin: 63, seed: 7 },
  );
  const text = writeModelText(booster);
  const reference = readFileSync(path.join(FIXTURE_DIR, "main.model.txt"), "utf8");

  it("is LightGBM's main.model.txt up to the parameters section", () => {
    const upTo = (s: string) => s.slice(0, s.indexOf("\nparameters:\n"));
    expect(upTo(text)).toBe(upTo(reference));
  });

  it("lists the same parameters as LightGBM, in the same order", () => {
    const params = (s: string) =>
      s
        .slice(s.indexOf("\nparameters:\n"), s.indexOf("end of parameters"))
        .split("\n")
        .filter((l) => l.startsWith("["))
        .map((l) => l.slice(1, l.indexOf(":")));
    expect(params(text)).toEqual(params(reference));
    // Values differ only for data-loading settings.
    const values = (s: string) => new Map(s.split("\n").filter((l) => l.startsWith("[")).map((l) => [l.slice(1, l.indexOf(":")), l]));
    const ours = values(text);
    const differing = [...values(reference)].filter(([k, line]) => ours.get(k) !== line).map(([k]) => k);
    expect(differing.sort()).toEqual(
      ["categorical_feature", "data", "enable_bundle", "header", "is_enable_sparse", "label_column"].sort(),
    );
  });

  it("predicts LightGBM's raw test scores after a write/read round trip", () => {
    const back = parseModelText(text);
    const raw = predictRawMatrix(back, test.data, test.numRows, test.numFeatures);
    const expected = readFileSync(path.join(FIXTURE_DIR, "main.test_raw.txt"), "utf8").trim().split(/\r?\n/).map(Number);
    let maxDiff = 0;
    for (let i = 0; i < test.numRows; i++) maxDiff = Math.max(maxDiff, Math.abs(raw[i] - expected[i]));
    expect(maxDiff).toBeLessThan(1e-12);
  });
});
