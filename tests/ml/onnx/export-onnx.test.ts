import { describe, expect, it } from "vitest";
import { sigmoid } from "../../../lib/ml/model/predict";
import { parseModelText } from "../../../lib/ml/model/text-reader";
import { ZERO_THRESHOLD } from "../../../lib/ml/model/tree-eval";
import type { Booster, Tree } from "../../../lib/ml/model/types";
import { boosterToOnnx } from "../../../lib/ml/onnx/export-onnx";
import { createOnnxSession, scoreOnnx } from "../../../lib/ml/onnx/run-onnx";
import { edgeRows, nextAfter } from "../model/edge-rows";
import { MODEL_NAMES, expectedColumn, modelText, testMatrix } from "../model/lightgbm-fixtures";
import { makeBooster, makeTree, stump } from "../model/synthetic-trees";
import { differences, rowScores, scoreWithOnnx } from "./onnx-harness";

const matrix = testMatrix();
const baseRows = [0, 1, 2].map((r) => Array.from(matrix.data.subarray(r * matrix.numFeatures, (r + 1) * matrix.numFeatures)));
baseRows.push(new Array<number>(matrix.numFeatures).fill(Number.NaN), new Array<number>(matrix.numFeatures).fill(0));

describe.each(MODEL_NAMES)("ONNX export of the %s fixture", (name) => {
  const booster = parseModelText(modelText(name));

  it("declares a double input and reproduces LightGBM on every test row", async () => {
    const session = await createOnnxSession(boosterToOnnx(booster));
    const input = session.inputMetadata[0];
    expect(input.name).toBe("input");
    expect(input.isTensor && input.type).toBe("float64");
    expect(session.outputNames).toEqual(["raw", "probability", "label"]);
    await session.release();

    const scores = await scoreWithOnnx(booster, matrix.data, matrix.numRows, matrix.numFeatures);
    expect(differences(scores.probability, expectedColumn(name, "prob"), 1e-12)).toEqual([]);
    expect(differences(scores.raw, expectedColumn(name, "raw"), 1e-9)).toEqual([]);
    expect(differences(scores.label, Array.from(scores.probability, (p) => (p > 0.5 ? 1 : 0)), 0)).toEqual([]);
  });

  it("takes the same path as predictRawRow on rows at, above and below every split", async () => {
    const rows = edgeRows(booster, baseRows);
    expect(rows.numRows).toBeGreaterThan(2000);
    const scores = await scoreWithOnnx(booster, rows.data, rows.numRows, rows.numFeatures);
    expect(differences(scores.raw, rowScores(booster, rows.data, rows.numRows, rows.numFeatures), 1e-9)).toEqual([]);
  });

  it("exports float input with thresholds that keep float32 inputs on LightGBM's paths", async () => {
    const scores = await scoreWithOnnx(booster, matrix.data, matrix.numRows, matrix.numFeatures, { inputType: "float" });
    expect(differences(scores.probability, expectedColumn(name, "prob"), 1e-6)).toEqual([]);
    // The float model sees float32 inputs; LightGBM would see the same float32 values widened.
    const rows = edgeRows(booster, baseRows);
    const rounded = Float64Array.from(rows.data, Math.fround);
    const floatScores = await scoreWithOnnx(booster, rounded, rows.numRows, rows.numFeatures, { inputType: "float" });
    expect(differences(floatScores.raw, rowScores(booster, rounded, rows.numRows, rows.numFeatures), 2e-6)).toEqual([]);
  });

  it("scores through the scoreOnnx helper", async () => {
    const probability = await scoreOnnx(boosterToOnnx(booster), matrix.data, matrix.numRows, matrix.numFeatures);
    expect(differences(probability, expectedColumn(name, "prob"), 1e-12)).toEqual([]);
  });
});

const DEFAULT_LEFT = 2;
const ZERO = 1 << 2;
const NAN = 2 << 2;

/**
 * One-split trees on feature 0 with leaf values that are distinct powers of two, 16 per booster:
 * the raw score is then an exact binary record of which way every tree went, in double and in
 * float32, so a single flipped path shows up as a difference of at least 2^-16.
 */
function stumpBoosters(splits: Array<{ threshold: number; decisionType: number }>): Booster[] {
  const boosters: Booster[] = [];
  for (let start = 0; start < splits.length; start += 16) {
    const trees: Tree[] = splits.slice(start, start + 16).map((split, k) => stump({ feature: 0, ...split }, 2 ** -(k + 1), 0));
    boosters.push(makeBooster(trees, 1));
  }
  return boosters;
}

const kz = ZERO_THRESHOLD;
const SPECIAL_THRESHOLDS = [
  -1, -kz * 2, nextAfter(-kz, -1), -kz, nextAfter(-kz, 1), -kz / 2, -0, 0, kz / 2, nextAfter(kz, -1), kz, nextAfter(kz, 1), 1, 0.1, 1e300, -1e300,
];

const numericSplits = SPECIAL_THRESHOLDS.flatMap((threshold) =>
  [0, DEFAULT_LEFT, ZERO, ZERO | DEFAULT_LEFT, NAN, NAN | DEFAULT_LEFT].map((decisionType) => ({ threshold, decisionType })),
);

describe("ONNX export of hand-built splits", () => {
  it.each(["double", "float"] as const)("matches every missing-value rule around 0 and ±kZeroThreshold (%s input)", async (inputType) => {
    for (const booster of stumpBoosters(numericSplits)) {
      const rows = edgeRows(booster, [[0], [0.5], [-0.5]]);
      const data = inputType === "float" ? Float64Array.from(rows.data, Math.fround) : rows.data;
      const scores = await scoreWithOnnx(booster, data, rows.numRows, 1, { inputType });
      expect(differences(scores.raw, rowScores(booster, data, rows.numRows, 1), 0)).toEqual([]);
    }
  });

  it("matches categorical splits for NaN, negative, fractional, unseen and huge codes", async () => {
    const sets = [[0], [1, 3], [31, 32], [5, 40], [100], Array.from({ length: 32 }, (_, i) => i), Array.from({ length: 40 }, (_, i) => 2 * i), []];
    const trees = sets.map((categories, k) => stump({ feature: 1, decisionType: 1, categories }, 2 ** -(k + 1), 0));
    const booster = makeBooster(trees, 2);
    const rows = edgeRows(booster, [[0, 0], [Number.NaN, 7]]);
    const scores = await scoreWithOnnx(booster, rows.data, rows.numRows, 2);
    expect(differences(scores.raw, rowScores(booster, rows.data, rows.numRows, 2), 0)).toEqual([]);
    const floats = Float64Array.from(rows.data, Math.fround);
    const floatScores = await scoreWithOnnx(booster, floats, rows.numRows, 2, { inputType: "float" });
    expect(differences(floatScores.raw, rowScores(booster, floats, rows.numRows, 2), 0)).toEqual([]);
  });

  it("handles nested multi-comparison splits, single-leaf trees and a sigmoid scale", async () => {
    const nested = makeTree(
      [
        { feature: 0, threshold: 1, decisionType: ZERO | DEFAULT_LEFT, left: 1, right: 2 },
        { feature: 1, decisionType: 1, categories: [2, 9], left: -1, right: 3 },
        { feature: 0, threshold: -1, decisionType: ZERO, left: -3, right: -4 },
        { feature: 2, threshold: 0.5, decisionType: NAN, left: -2, right: -5 },
      ],
      [0.5, 0.25, 0.125, 0.0625, 0.03125],
    );
    const single = makeTree([], [-0.75]);
    const booster = makeBooster([nested, single, nested], 3, "binary sigmoid:2.5");
    const rows = edgeRows(booster, [[0, 2, 0], [2, 9, Number.NaN], [-2, 5, 1], [Number.NaN, Number.NaN, Number.NaN]]);
    const scores = await scoreWithOnnx(booster, rows.data, rows.numRows, 3);
    const expected = rowScores(booster, rows.data, rows.numRows, 3);
    expect(differences(scores.raw, expected, 0)).toEqual([]);
    expect(differences(scores.probability, Array.from(expected, (raw) => sigmoid(raw, 2.5)), 1e-15)).toEqual([]);
  });

  it("rejects models it cannot represent", () => {
    const regression = makeBooster([stump({ feature: 0, threshold: 0, decisionType: 0 }, 1, 2)], 1, "regression");
    expect(() => boosterToOnnx(regression)).toThrow(/no logistic output transform/);
  });
});
