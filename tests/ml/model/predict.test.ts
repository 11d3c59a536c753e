import { describe, expect, it } from "vitest";
import { predictLeaf, predictProbaMatrix, predictRawMatrix, predictRawRow, sigmoid } from "../../../lib/ml/model/predict";
import { parseModelText } from "../../../lib/ml/model/text-reader";
import { ZERO_THRESHOLD } from "../../../lib/ml/model/tree-eval";
import { edgeRows, nextAfter } from "./edge-rows";
import { MODEL_NAMES, modelText, testMatrix } from "./lightgbm-fixtures";
import { makeBooster, makeTree, stump } from "./synthetic-trees";

const LEFT = 0;
const RIGHT = 1;
const DEFAULT_LEFT = 2;
const ZERO = 1 << 2;
const NAN = 2 << 2;

/** Leaf of a one-split tree on feature 0: 0 is left, 1 is right. */
function side(split: { threshold?: number; decisionType: number; categories?: number[] }, value: number): number {
  return predictLeaf(stump({ feature: 0, ...split }, 0, 0), [value]);
}

describe("numeric splits", () => {
  it("goes left when value <= threshold", () => {
    expect(side({ threshold: 1.5, decisionType: 0 }, 1.5)).toBe(LEFT);
    expect(side({ threshold: 1.5, decisionType: 0 }, nextAfter(1.5, 1))).toBe(RIGHT);
    expect(side({ threshold: 1.5, decisionType: 0 }, -Infinity)).toBe(LEFT);
    expect(side({ threshold: 1.5, decisionType: 0 }, Infinity)).toBe(RIGHT);
  });

  it("missing type None treats NaN as 0, whatever the default direction", () => {
    expect(side({ threshold: -1, decisionType: DEFAULT_LEFT }, Number.NaN)).toBe(RIGHT);
    expect(side({ threshold: 1, decisionType: 0 }, Number.NaN)).toBe(LEFT);
    expect(side({ threshold: 0, decisionType: 0 }, Number.NaN)).toBe(LEFT);
  });

  it("missing type NaN sends NaN the default way and compares 0 normally", () => {
    expect(side({ threshold: -1, decisionType: NAN | DEFAULT_LEFT }, Number.NaN)).toBe(LEFT);
    expect(side({ threshold: 1, decisionType: NAN }, Number.NaN)).toBe(RIGHT);
    expect(side({ threshold: -1, decisionType: NAN | DEFAULT_LEFT }, 0)).toBe(RIGHT);
  });

  it("missing type Zero sends |x| <= kZeroThreshold (float 1e-35) and NaN the default way", () => {
    expect(ZERO_THRESHOLD).toBe(Math.fround(1e-35));
    const split = { threshold: -1, decisionType: ZERO | DEFAULT_LEFT };
    for (const v of [0, -0, ZERO_THRESHOLD, -ZERO_THRESHOLD, 1e-36, Number.NaN]) expect(side(split, v)).toBe(LEFT);
    for (const v of [nextAfter(ZERO_THRESHOLD, 1), 1e-30, 5]) expect(side(split, v)).toBe(RIGHT);
    expect(side(split, nextAfter(-ZERO_THRESHOLD, -1))).toBe(RIGHT);
    expect(side(split, -1)).toBe(LEFT);
    const rightDefault = { threshold: 1, decisionType: ZERO };
    expect(side(rightDefault, 0)).toBe(RIGHT);
    expect(side(rightDefault, Number.NaN)).toBe(RIGHT);
    expect(side(rightDefault, 1e-30)).toBe(LEFT);
  });
});

describe("categorical splits", () => {
  const split = { decisionType: 1, categories: [0, 2, 40] };

  it("goes left for categories in the bitset, across words", () => {
    for (const v of [0, 2, 40]) expect(side(split, v)).toBe(LEFT);
    for (const v of [1, 3, 39, 41, 63, 64]) expect(side(split, v)).toBe(RIGHT);
  });

  it("truncates toward zero like static_cast<int>", () => {
    expect(side(split, 2.7)).toBe(LEFT);
    expect(side(split, -0.5)).toBe(LEFT);
    expect(side(split, 40.999)).toBe(LEFT);
    expect(side(split, 1.999)).toBe(RIGHT);
  });

  it("sends NaN, negative, unseen and out-of-int-range codes right", () => {
    for (const v of [Number.NaN, -1, -2, 1000, 2147483648, 2147483648 + 2, 4294967296, 1e300, Infinity, -Infinity]) {
      expect(side(split, v)).toBe(RIGHT);
    }
  });
});

describe("tree and ensemble evaluation", () => {
  it("returns the leaf index and sums leaves across trees", () => {
    const tree = makeTree(
      [
        { feature: 0, threshold: 0, decisionType: 0, left: 1, right: -3 },
        { feature: 1, decisionType: 1, categories: [1], left: -1, right: -2 },
      ],
      [10, 20, 30],
    );
    expect(predictLeaf(tree, [-1, 1])).toBe(0);
    expect(predictLeaf(tree, [-1, 2])).toBe(1);
    expect(predictLeaf(tree, [1, 1])).toBe(2);
    const single = makeTree([], [0.25]);
    expect(predictLeaf(single, [5, 5])).toBe(0);
    const booster = makeBooster([tree, single], 2);
    expect(predictRawRow(booster, [-1, 2])).toBe(20.25);
    expect(() => predictRawRow(booster, [1])).toThrow(/rows have 1 features/);
    expect(() => predictRawMatrix(booster, new Float64Array(3), 2, 2)).toThrow(/expected 2x2=4/);
  });

  it.each(MODEL_NAMES)("matrix and row paths agree on edge rows of the %s fixture", (name) => {
    const booster = parseModelText(modelText(name));
    const { data, numFeatures } = testMatrix();
    const bases = [0, 1, 2].map((r) => Array.from(data.subarray(r * numFeatures, (r + 1) * numFeatures)));
    const rows = edgeRows(booster, bases);
    const raw = predictRawMatrix(booster, rows.data, rows.numRows, rows.numFeatures);
    const mismatched: number[] = [];
    for (let r = 0; r < rows.numRows; r++) {
      if (raw[r] !== predictRawRow(booster, rows.data.subarray(r * numFeatures, (r + 1) * numFeatures))) mismatched.push(r);
    }
    expect(rows.numRows).toBeGreaterThan(1000);
    expect(mismatched).toEqual([]);
  });
});

describe("probabilities", () => {
  it("applies the objective's sigmoid scale", () => {
    const tree = stump({ feature: 0, threshold: 0, decisionType: 0 }, 0.75, -1.25);
    const data = Float64Array.of(-1, 1);
    expect(predictProbaMatrix(makeBooster([tree], 1), data, 2, 1)).toEqual(Float64Array.of(sigmoid(0.75), sigmoid(-1.25)));
    const scaled = predictProbaMatrix(makeBooster([tree], 1, "binary sigmoid:2.5"), data, 2, 1);
    expect(scaled[0]).toBe(1 / (1 + Math.exp(-2.5 * 0.75)));
    expect(scaled[1]).toBe(sigmoid(-1.25, 2.5));
  });

  it("refuses objectives without a logistic link", () => {
    const booster = makeBooster([stump({ feature: 0, threshold: 0, decisionType: 0 }, 1, 2)], 1, "regression");
    expect(() => predictProbaMatrix(booster, Float64Array.of(0), 1, 1)).toThrow(/no logistic output transform/);
  });
});
