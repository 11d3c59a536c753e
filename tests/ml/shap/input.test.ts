import { describe, expect, it } from "vitest";
import type { Booster, Tree } from "../../../lib/ml/model/types";
import { expectedValue, ShapExplainer, ShapInputError, shapValues } from "../../../lib/ml/shap";
import { fixtureBooster } from "./fixtures";
import { constantTree, makeBooster } from "./random-trees";

const DEFAULT_LEFT = 2;
const MISSING_ZERO = 1 << 2;
const MISSING_NAN = 2 << 2;

/** One split on feature 0 (left leaf 1.0 covering 30, right leaf -1.0 covering 70). */
function stump(decisionType: number, threshold: number, categories: number[] = []): Tree {
  const words = categories.length ? Math.floor(Math.max(...categories) / 32) + 1 : 0;
  const catThreshold = new Uint32Array(words);
  for (const c of categories) catThreshold[c >> 5] |= 1 << (c & 31);
  const categorical = (decisionType & 1) === 1;
  return {
    numLeaves: 2,
    numCat: categorical ? 1 : 0,
    splitFeature: Int32Array.of(0),
    splitGain: Float64Array.of(1),
    threshold: Float64Array.of(categorical ? 0 : threshold),
    decisionType: Uint8Array.of(decisionType),
    leftChild: Int32Array.of(-1),
    rightChild: Int32Array.of(-2),
    leafValue: Float64Array.of(1, -1),
    leafWeight: Float64Array.of(30, 70),
    leafCount: Float64Array.of(30, 70),
    internalValue: Float64Array.of(0),
    internalWeight: Float64Array.of(100),
    internalCount: Float64Array.of(100),
    catBoundaries: categorical ? Int32Array.of(0, words) : Int32Array.of(0),
    catThreshold,
    shrinkage: 1,
  };
}

/** Feature 0's contribution for a one-feature row with value x. */
function phi0(tree: Tree, x: number): number {
  return shapValues(makeBooster([tree], 1), Float64Array.of(x), 1, 1)[0];
}

const LEFT = 1 - (0.3 - 0.7); // leaf 1.0 minus the expected value -0.4
const RIGHT = -1 - (0.3 - 0.7);

describe("missing values follow the model's semantics", () => {
  it("missing type None: NaN is treated as 0", () => {
    expect(phi0(stump(DEFAULT_LEFT, -1), Number.NaN)).toBeCloseTo(RIGHT, 15);
    expect(phi0(stump(0, 1), Number.NaN)).toBeCloseTo(LEFT, 15);
  });

  it("missing type NaN: NaN takes the default direction, 0 compares normally", () => {
    expect(phi0(stump(MISSING_NAN | DEFAULT_LEFT, -1), Number.NaN)).toBeCloseTo(LEFT, 15);
    expect(phi0(stump(MISSING_NAN, 1), Number.NaN)).toBeCloseTo(RIGHT, 15);
    expect(phi0(stump(MISSING_NAN | DEFAULT_LEFT, -1), 0)).toBeCloseTo(RIGHT, 15);
  });

  it("missing type Zero: 0 and NaN take the default direction", () => {
    for (const x of [0, -0, 1e-36, Number.NaN]) expect(phi0(stump(MISSING_ZERO | DEFAULT_LEFT, -1), x)).toBeCloseTo(LEFT, 15);
    expect(phi0(stump(MISSING_ZERO | DEFAULT_LEFT, -1), 1e-30)).toBeCloseTo(RIGHT, 15);
  });

  it("categorical: NaN, negative and unseen categories go right; fractions truncate", () => {
    const split = stump(1, 0, [1, 3, 40]);
    for (const x of [1, 3, 40, 1.9, 40.5]) expect(phi0(split, x)).toBeCloseTo(LEFT, 15);
    for (const x of [Number.NaN, -1, -0.5 - 1, 0, 2, 41, 64, 1e12]) expect(phi0(split, x)).toBeCloseTo(RIGHT, 15);
    // -0.5 truncates to category 0 (not in the set) rather than being negative.
    expect(phi0(stump(1, 0, [0]), -0.5)).toBeCloseTo(LEFT, 15);
  });
});

describe("bad input is refused with a message naming the problem", () => {
  const booster = fixtureBooster("main");
  const explainer = new ShapExplainer(booster);

  it("wrong feature count", () => {
    expect(() => explainer.shapValues(new Float64Array(7), 1, 7)).toThrow(/rows have 7 features, but the model has 8 \(age, distance_km/);
    expect(() => explainer.shapValues(new Float64Array(9), 1, 9)).toThrow(ShapInputError);
    expect(() => explainer.interactionValues(new Float64Array(7), 1, 7)).toThrow(/rows have 7 features/);
  });

  it("data length that does not match the shape", () => {
    expect(() => explainer.shapValues(new Float64Array(15), 2, 8)).toThrow(/data has 15 values, expected numRows x numFeatures = 2 x 8 = 16/);
    expect(() => explainer.shapValues(new Float64Array(8), 1.5, 8)).toThrow(/numRows must be a non-negative integer/);
    expect(() => explainer.shapValues([1, 2] as unknown as Float64Array, 1, 8)).toThrow(/Float64Array/);
  });

  it("a wrong-sized output buffer", () => {
    expect(() => explainer.shapValues(new Float64Array(8), 1, 8, { out: new Float64Array(8) })).toThrow(/output buffer for contributions must be a Float64Array of length 9/);
  });

  it("an unknown algorithm", () => {
    expect(() => explainer.shapValues(new Float64Array(8), 1, 8, { algorithm: "exact" as never })).toThrow(/unknown SHAP algorithm "exact"/);
  });

  it("a model without trees", () => {
    const empty: Booster = { ...booster, trees: [] };
    expect(() => new ShapExplainer(empty)).toThrow(/model has no trees/);
    expect(() => expectedValue(empty)).toThrow(ShapInputError);
  });

  it("a multiclass model", () => {
    expect(() => new ShapExplainer({ ...booster, numClass: 3, numTreePerIteration: 3 })).toThrow(/num_class=3/);
  });

  it("a split without a positive cover", () => {
    const tree = stump(0, 0);
    tree.internalCount[0] = 0;
    expect(() => new ShapExplainer(makeBooster([tree], 1))).toThrow(/tree 0: internal_count\[0\]=0; TreeSHAP needs a positive data count/);
    const nan = stump(0, 0);
    nan.leafCount[1] = Number.NaN;
    expect(() => new ShapExplainer(makeBooster([constantTree(1), nan], 1))).toThrow(/tree 1: leaf_count\[1\]=NaN/);
  });

  it("a malformed tree", () => {
    const tree = stump(0, 0);
    tree.splitFeature[0] = 5;
    expect(() => new ShapExplainer(makeBooster([tree], 2))).toThrow(/tree 0: split_feature\[0\]=5 is outside 0..1/);
  });

  it("table options out of range", () => {
    expect(() => new ShapExplainer(booster, { maxTableFeatures: 40 })).toThrow(/maxTableFeatures must be an integer in 0..24/);
  });

  it("interaction output too large for one call", () => {
    // 201^2 values per row: 7,000 rows exceed the 2^28-value cap while the input stays small.
    const wide = new ShapExplainer(makeBooster([stump(0, 0)], 200));
    expect(() => wide.interactionValues(new Float64Array(7000 * 200), 7000, 200)).toThrow(/explain at most 6644 rows per call/);
  });
});

describe("degenerate but valid input", () => {
  it("zero rows give an empty result", () => {
    expect(shapValues(fixtureBooster("main"), new Float64Array(0), 0, 8).length).toBe(0);
  });

  it("single-leaf trees only shift the expected value", () => {
    const booster = makeBooster([constantTree(0.25), stump(0, 0.5), constantTree(-1)], 1);
    const values = shapValues(booster, Float64Array.of(0), 1, 1);
    expect(values[1]).toBeCloseTo(0.25 - 0.4 - 1, 15);
    expect(values[0]).toBeCloseTo(LEFT, 15);
    const constant = makeBooster([constantTree(0.5)], 3);
    expect(Array.from(shapValues(constant, Float64Array.of(1, 2, 3), 1, 3))).toEqual([0, 0, 0, 0.5]);
  });

  it("LightGBM's single-leaf trees without leaf_count are accepted", () => {
    const tree = constantTree(2);
    tree.leafCount = new Float64Array(0);
    tree.leafWeight = new Float64Array(0);
    expect(expectedValue(makeBooster([tree], 2))).toBe(2);
  });
});
