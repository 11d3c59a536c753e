import { describe, expect, it } from "vitest";
import { predictRawRow } from "../../../lib/ml/model/predict";
import { interactionRowSize, ShapExplainer } from "../../../lib/ml/shap";
import { expectClose } from "./assertions";
import { bruteForceInteractions, bruteForceShap } from "./brute-force";
import type { Tree } from "../../../lib/ml/model/types";
import { makeBooster, makeRandom, randomEnsemble, randomRows } from "./random-trees";

const TOLERANCE = 1e-10;
const ROWS = 6;

/** The three engines: tables everywhere, direct evaluation everywhere, and Algorithm 2. */
const VARIANTS = [
  { name: "fast (tables)", options: {}, algorithm: "fast" },
  { name: "fast (direct, no tables)", options: { maxTableFeatures: 0 }, algorithm: "fast" },
  { name: "fast (tables up to 3 features)", options: { maxTableFeatures: 3 }, algorithm: "fast" },
  { name: "plain", options: {}, algorithm: "plain" },
] as const;

function cases(seed: number, count: number, maxTrees: number, inconsistentCovers = false) {
  const random = makeRandom(seed);
  return Array.from({ length: count }, () => {
    const numFeatures = 3 + Math.floor(random() * 4);
    const { booster, categorical } = randomEnsemble(random, numFeatures, maxTrees, 2 + Math.floor(random() * 5), inconsistentCovers);
    return { booster, numFeatures, data: randomRows(random, ROWS, numFeatures, categorical) };
  });
}

const SINGLE_TREES = cases(11, 40, 1);
const ENSEMBLES = cases(12, 25, 5);
const ODD_COVERS = cases(13, 10, 3, true);

describe.each(VARIANTS)("contributions, $name, vs brute-force Shapley values", ({ options, algorithm }) => {
  it.each([
    ["single random trees", SINGLE_TREES],
    ["random ensembles", ENSEMBLES],
    ["covers that do not add up", ODD_COVERS],
  ])("%s", (_, list) => {
    for (const { booster, numFeatures, data } of list) {
      const explainer = new ShapExplainer(booster, options);
      const values = explainer.shapValues(data, ROWS, numFeatures, { algorithm });
      for (let r = 0; r < ROWS; r++) {
        const row = data.subarray(r * numFeatures, (r + 1) * numFeatures);
        const got = values.subarray(r * (numFeatures + 1), (r + 1) * (numFeatures + 1));
        expectClose(got, bruteForceShap(booster, row), TOLERANCE, `row ${r}`);
        let sum = 0;
        for (const v of got) sum += v;
        expect(Math.abs(sum - predictRawRow(booster, row))).toBeLessThan(1e-12);
      }
    }
  });
});

describe.each(VARIANTS)("interaction values, $name, vs brute-force Shapley interaction index", ({ options, algorithm }) => {
  it.each([
    ["single random trees", SINGLE_TREES],
    ["random ensembles", ENSEMBLES],
    ["covers that do not add up", ODD_COVERS],
  ])("%s", (_, list) => {
    for (const { booster, numFeatures, data } of list) {
      const explainer = new ShapExplainer(booster, options);
      const width = numFeatures + 1;
      const size = interactionRowSize(numFeatures);
      const values = explainer.interactionValues(data, ROWS, numFeatures, { algorithm });
      const contributions = explainer.shapValues(data, ROWS, numFeatures);
      for (let r = 0; r < ROWS; r++) {
        const row = data.subarray(r * numFeatures, (r + 1) * numFeatures);
        const got = values.subarray(r * size, (r + 1) * size);
        expectClose(got, bruteForceInteractions(booster, row), TOLERANCE, `row ${r}`);
        for (let i = 0; i < width; i++) {
          let rowSum = 0;
          for (let j = 0; j < width; j++) {
            expect(got[i * width + j]).toBe(got[j * width + i]);
            rowSum += got[i * width + j];
          }
          expect(Math.abs(rowSum - contributions[r * width + i])).toBeLessThan(1e-12);
        }
      }
    }
  });
});

describe("many rows (block boundaries) with tabled and direct leaves mixed", () => {
  const random = makeRandom(21);
  const { booster, categorical } = randomEnsemble(random, 6, 8, 6);
  const rows = 203;
  const data = randomRows(random, rows, 6, categorical);

  it.each([{}, { maxTableFeatures: 2 }, { maxTableFeatures: 0 }])("fast with %o equals the plain algorithm on every row", (options) => {
    const explainer = new ShapExplainer(booster, options);
    expectClose(explainer.shapValues(data, rows, 6), explainer.shapValues(data, rows, 6, { algorithm: "plain" }), 1e-12, "contributions");
    expectClose(explainer.interactionValues(data, rows, 6), explainer.interactionValues(data, rows, 6, { algorithm: "plain" }), 1e-12, "interactions");
  });

  it("writes into a caller's buffer", () => {
    const explainer = new ShapExplainer(booster);
    const out = new Float64Array(rows * 7).fill(Number.NaN);
    expect(explainer.shapValues(data, rows, 6, { out })).toBe(out);
    expect(out).toEqual(explainer.shapValues(data, rows, 6));
    const size = interactionRowSize(6);
    const inter = new Float64Array(rows * size).fill(Number.NaN);
    expect(explainer.interactionValues(data, rows, 6, { out: inter })).toBe(inter);
    expect(inter).toEqual(explainer.interactionValues(data, rows, 6));
  });
});

describe("leaves with more distinct features than any table", () => {
  // A chain of 40 splits on 40 different features (leaf n has n + 1 of them): 2^40 subsets rules
  // out both tables and brute force for the deep leaves, so the direct evaluation is checked
  // against Algorithm 2 and local accuracy.
  const numFeatures = 40;
  const random = makeRandom(5);
  const nodes = 40;
  const leftChild = new Int32Array(nodes);
  const rightChild = new Int32Array(nodes);
  const internalCount = new Float64Array(nodes);
  const leafCount = new Float64Array(nodes + 1);
  let count = 1e6;
  for (let n = 0; n < nodes; n++) {
    internalCount[n] = count;
    const leftCount = Math.floor(count * (0.3 + 0.4 * random()));
    leftChild[n] = ~n;
    leafCount[n] = leftCount;
    rightChild[n] = n + 1 < nodes ? n + 1 : ~nodes;
    count -= leftCount;
  }
  leafCount[nodes] = count;
  const tree: Tree = {
    numLeaves: nodes + 1,
    numCat: 0,
    splitFeature: Int32Array.from({ length: nodes }, (_, n) => n),
    splitGain: new Float64Array(nodes),
    threshold: Float64Array.from({ length: nodes }, () => 0.5),
    decisionType: Uint8Array.from({ length: nodes }, (_, n) => (n % 3 << 2) | (n % 2 ? 2 : 0)),
    leftChild,
    rightChild,
    leafValue: Float64Array.from({ length: nodes + 1 }, () => random() - 0.5),
    leafWeight: leafCount.slice(),
    leafCount,
    internalValue: new Float64Array(nodes),
    internalWeight: internalCount.slice(),
    internalCount,
    catBoundaries: Int32Array.of(0),
    catThreshold: new Uint32Array(0),
    shrinkage: 1,
  };
  const booster = makeBooster([tree], numFeatures);
  const rows = 20;
  const data = Float64Array.from({ length: rows * numFeatures }, (_, i) => (i % 7 === 0 ? Number.NaN : random() < 0.8 ? 1 : 0));

  it("contributions match the plain algorithm and add up to the raw score", () => {
    const explainer = new ShapExplainer(booster);
    expect(explainer.describe()).toMatchObject({ maxPathFeatures: 40, tabledLeaves: 16 });
    const fast = explainer.shapValues(data, rows, numFeatures);
    expectClose(fast, explainer.shapValues(data, rows, numFeatures, { algorithm: "plain" }), 1e-12, "fast vs plain");
    for (let r = 0; r < rows; r++) {
      let sum = 0;
      for (let j = 0; j <= numFeatures; j++) sum += fast[r * (numFeatures + 1) + j];
      expect(Math.abs(sum - predictRawRow(booster, data.subarray(r * numFeatures, (r + 1) * numFeatures)))).toBeLessThan(1e-12);
    }
  });

  it("interaction values match the conditioned plain algorithm", () => {
    const explainer = new ShapExplainer(booster);
    const sample = data.subarray(0, 4 * numFeatures);
    expectClose(
      explainer.interactionValues(sample, 4, numFeatures),
      explainer.interactionValues(sample, 4, numFeatures, { algorithm: "plain" }),
      1e-12,
      "fast vs plain",
    );
  });
});
