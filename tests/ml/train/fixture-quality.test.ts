/**
 * The trainer against real LightGBM 4.6 output on the shared fixture data: held-out quality,
 * root split, initial score, and the full tree structure and values of both reference models.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalParamName, parseTrainParams, trainBooster, type TrainParams } from "@/lib/ml/train";
import type { Booster } from "@/lib/ml/model/types";
import {
  FIXTURE_DIR,
  lightgbmAtof,
  loadCsv,
  loadParamsFile,
  loadReferenceModel,
  meanLogLoss,
  pairwiseAuc,
  referenceRawScore,
  rowOf,
  type ReferenceModel,
} from "./fixture-data";

const train = loadCsv("train.csv", lightgbmAtof);
const test = loadCsv("test.csv", lightgbmAtof);
const metrics = JSON.parse(readFileSync(path.join(FIXTURE_DIR, "main.metrics.json"), "utf8")) as {
  test_auc: number;
  test_logloss: number;
};

/** Data-loading / CLI settings in the params files that are not training parameters. */
const NON_TRAINING_KEYS = [
  "header",
  "label_column",
  "categorical_feature",
  "deterministic",
  "num_threads",
  "force_row_wise",
  "verbosity",
];

function fixtureParams(file: string): TrainParams {
  const raw = loadParamsFile(file);
  const training: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (canonicalParamName(k) !== undefined) training[k] = v;
    else expect(NON_TRAINING_KEYS).toContain(k);
  }
  expect(raw.categorical_feature).toBe("name:site,phase");
  return parseTrainParams(training);
}

function trainFixture(paramsFile: string): Booster {
  return trainBooster(
    {
      data: train.data,
      numRows: train.numRows,
      numFeatures: train.numFeatures,
      labels: train.labels,
      featureNames: train.featureNames,
      categoricalFeatures: ["site", "phase"],
    },
    fixtureParams(paramsFile),
  ).booster;
}

function relClose(a: number, b: number, rel: number): boolean {
  return Math.abs(a - b) <= rel * Math.max(1e-300, Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-300;
}

/** Compares every tree with the reference model: structure exactly, values to printed precision. */
function expectSameTrees(ours: Booster, ref: ReferenceModel): void {
  expect(ours.trees.length).toBe(ref.trees.length);
  ours.trees.forEach((t, i) => {
    const r = ref.trees[i];
    const where = `Tree=${i}`;
    expect(t.numLeaves, where).toBe(Number(r.fields.num_leaves));
    expect(t.numCat, where).toBe(Number(r.fields.num_cat));
    for (const [ours_, key] of [
      [t.splitFeature, "split_feature"],
      [t.decisionType, "decision_type"],
      [t.leftChild, "left_child"],
      [t.rightChild, "right_child"],
      [t.leafCount, "leaf_count"],
      [t.internalCount, "internal_count"],
    ] as const) {
      expect(Array.from(ours_), `${where} ${key}`).toEqual(r.numbers(key));
    }
    if (t.numCat > 0) {
      expect(Array.from(t.catBoundaries), `${where} cat_boundaries`).toEqual(r.numbers("cat_boundaries"));
      expect(Array.from(t.catThreshold), `${where} cat_threshold`).toEqual(r.numbers("cat_threshold"));
    }
    // 17 significant digits in the file.
    for (const [ours_, key] of [
      [t.threshold, "threshold"],
      [t.leafValue, "leaf_value"],
      [t.leafWeight, "leaf_weight"],
    ] as const) {
      const expected = r.numbers(key);
      Array.from(ours_).forEach((v, k) => {
        expect(relClose(v, expected[k], 1e-13), `${where} ${key}[${k}]: ${v} vs ${expected[k]}`).toBe(true);
      });
    }
    // %g (6 significant digits) in the file.
    for (const [ours_, key] of [
      [t.splitGain, "split_gain"],
      [t.internalValue, "internal_value"],
      [t.internalWeight, "internal_weight"],
    ] as const) {
      const expected = r.numbers(key);
      Array.from(ours_).forEach((v, k) => {
        expect(Math.abs(v - expected[k]) <= 5e-6 * Math.max(1, Math.abs(expected[k])), `${where} ${key}[${k}]`).toBe(true);
      });
    }
    expect(t.shrinkage, where).toBeCloseTo(Number(r.fields.shrinkage), 12);
  });
}

describe("trainer vs LightGBM fixtures", () => {
  const main = trainFixture("main.params.txt");
  const mainRef = loadReferenceModel("main.model.txt");

  it("reaches LightGBM's held-out AUC and log loss (main.params.txt)", () => {
    const raw = Array.from({ length: test.numRows }, (_, r) => referenceRawScore(main.trees, rowOf(test.data, test.numFeatures, r)));
    const probs = raw.map((x) => 1 / (1 + Math.exp(-x)));
    const auc = pairwiseAuc(raw, test.labels);
    const logloss = meanLogLoss(probs, test.labels);
    expect(Math.abs(auc - metrics.test_auc)).toBeLessThan(0.005);
    expect(Math.abs(logloss - metrics.test_logloss)).toBeLessThan(0.01);
  });

  it("splits the first tree's root like LightGBM and starts from the label-mean score", () => {
    const t0 = main.trees[0];
    const r0 = mainRef.trees[0];
    expect(t0.splitFeature[0]).toBe(r0.numbers("split_feature")[0]);
    expect(main.featureNames[t0.splitFeature[0]]).toBe("site");
    expect(t0.decisionType[0]).toBe(r0.numbers("decision_type")[0]);
    expect(Array.from(t0.catThreshold.subarray(t0.catBoundaries[0], t0.catBoundaries[1]))).toEqual(
      r0.numbers("cat_threshold").slice(0, 1),
    );
    // Second split: a numeric threshold, the next double above a bin midpoint.
    expect(t0.threshold[1]).toBe(r0.numbers("threshold")[1]);

    let positives = 0;
    for (const y of train.labels) positives += y;
    const p = positives / train.numRows;
    const initScore = Math.log(p / (1 - p));
    // Tree 0 carries the initial score (shrinkage 1): its root value is init + 0.1 * (root
    // output, ~0 since the gradients at the label-mean score sum to ~0 in single precision).
    expect(t0.shrinkage).toBe(1);
    expect(main.trees[1].shrinkage).toBeCloseTo(0.1, 15);
    expect(Math.abs(t0.internalValue[0] - initScore)).toBeLessThan(1e-7);
    expect(t0.internalValue[0]).toBeCloseTo(r0.numbers("internal_value")[0], 6);
  });

  it("reproduces all 40 trees of main.model.txt", () => {
    expect(main.featureInfos.join(" ")).toBe(mainRef.header.feature_infos);
    expect(main.featureNames.join(" ")).toBe(mainRef.header.feature_names);
    expect(main.objective).toBe(mainRef.header.objective);
    expectSameTrees(main, mainRef);
  });

  it("gives LightGBM's raw test scores (main.test_raw.txt)", () => {
    const expected = readFileSync(path.join(FIXTURE_DIR, "main.test_raw.txt"), "utf8").trim().split(/\r?\n/).map(Number);
    expect(expected.length).toBe(test.numRows);
    let maxDiff = 0;
    for (let r = 0; r < test.numRows; r++) {
      maxDiff = Math.max(maxDiff, Math.abs(referenceRawScore(main.trees, rowOf(test.data, test.numFeatures, r)) - expected[r]));
    }
    expect(maxDiff).toBeLessThan(1e-12);
  });

  it("reproduces all 60 trees of bagged.model.txt (bagging, feature_fraction, lambda_l2)", () => {
    const bagged = trainFixture("bagged.params.txt");
    expectSameTrees(bagged, loadReferenceModel("bagged.model.txt"));
    const expected = readFileSync(path.join(FIXTURE_DIR, "bagged.test_raw.txt"), "utf8").trim().split(/\r?\n/).map(Number);
    let maxDiff = 0;
    for (let r = 0; r < test.numRows; r++) {
      maxDiff = Math.max(maxDiff, Math.abs(referenceRawScore(bagged.trees, rowOf(test.data, test.numFeatures, r)) - expected[r]));
    }
    expect(maxDiff).toBeLessThan(1e-12);
  });

  it("stays within the quality bounds when the CSV is parsed with correct rounding", () => {
    const exact = loadCsv("train.csv");
    const testExact = loadCsv("test.csv");
    const booster = trainBooster(
      { data: exact.data, numRows: exact.numRows, numFeatures: exact.numFeatures, labels: exact.labels, featureNames: exact.featureNames, categoricalFeatures: ["site", "phase"] },
      fixtureParams("main.params.txt"),
    ).booster;
    const raw = Array.from({ length: testExact.numRows }, (_, r) => referenceRawScore(booster.trees, rowOf(testExact.data, testExact.numFeatures, r)));
    expect(Math.abs(pairwiseAuc(raw, testExact.labels) - metrics.test_auc)).toBeLessThan(0.005);
    expect(Math.abs(meanLogLoss(raw.map((x) => 1 / (1 + Math.exp(-x))), testExact.labels) - metrics.test_logloss)).toBeLessThan(0.01);
  });
});
