/**
 * Hand-checkable behaviour of the trainer: gains and leaf values in closed form, regularisation,
 * constraints, missing values, categorical splits, sampling determinism and early stopping.
 */
import { describe, expect, it } from "vitest";
import { TrainParamError, trainBooster, type TrainInput, type TrainParams } from "@/lib/ml/train";
import type { Booster } from "@/lib/ml/model/types";
import { referenceRawScore } from "./fixture-data";
import { mulberry32 as rng } from "@/lib/random/mulberry32";


function oneFeature(values: number[], labels: number[], extra: Partial<TrainInput> = {}): TrainInput {
  return {
    data: Float64Array.from(values),
    numRows: values.length,
    numFeatures: 1,
    labels: Float64Array.from(labels),
    ...extra,
  };
}

function raw(b: Booster, ...row: number[]): number {
  return referenceRawScore(b.trees, row);
}

const STUMP: Partial<TrainParams> = {
  num_iterations: 1,
  num_leaves: 2,
  min_data_in_leaf: 1,
  min_data_in_bin: 1,
  learning_rate: 0.1,
};

/**
 * 30 rows at x=1 (24 positive) and 30 at x=3 (12 positive): p0 = 0.6, init = log(1.5), every
 * gradient is p0 - y (-0.4 or 0.6) and every hessian p0 (1 - p0) = 0.24, so
 * G_left = -6, G_right = 6, H_left = H_right = 7.2, G_root = 0.
 */
function stumpData(): TrainInput {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 30; i++) {
    x.push(1);
    y.push(i < 24 ? 1 : 0);
  }
  for (let i = 0; i < 30; i++) {
    x.push(3);
    y.push(i < 12 ? 1 : 0);
  }
  return oneFeature(x, y);
}

describe("closed-form single split", () => {
  const init = Math.log(1.5);

  it("has gain G_L^2/H_L + G_R^2/H_R - G^2/H and leaf values -G/H * learning_rate (+ init)", () => {
    const { booster } = trainBooster(stumpData(), STUMP);
    const t = booster.trees[0];
    expect(t.numLeaves).toBe(2);
    expect(t.splitGain[0]).toBeCloseTo(36 / 7.2 + 36 / 7.2, 4);
    expect(t.leafValue[0]).toBeCloseTo(init + 0.1 * (6 / 7.2), 7);
    expect(t.leafValue[1]).toBeCloseTo(init + 0.1 * (-6 / 7.2), 7);
    expect(Array.from(t.leafCount)).toEqual([30, 30]);
    expect(t.leafWeight[0]).toBeCloseTo(7.2, 5);
    expect(t.internalWeight[0]).toBeCloseTo(14.4, 5);
    // Threshold: the next double above the midpoint 2 (LightGBM's bin upper bound).
    expect(t.threshold[0]).toBeGreaterThan(2);
    expect(t.threshold[0] - 2).toBeLessThan(1e-15);
    expect(t.decisionType[0]).toBe(2); // numeric, default left, no missing values
    expect(t.shrinkage).toBe(1); // the initial score is folded into the first tree
    expect(booster.featureInfos).toEqual(["[1:3]"]);
  });

  it("shrinks leaf values and the gain with lambda_l2", () => {
    const t = trainBooster(stumpData(), { ...STUMP, lambda_l2: 2 }).booster.trees[0];
    expect(t.splitGain[0]).toBeCloseTo(36 / 9.2 + 36 / 9.2, 4);
    expect(t.leafValue[0]).toBeCloseTo(init + 0.1 * (6 / 9.2), 7);
    expect(t.leafValue[1]).toBeCloseTo(init - 0.1 * (6 / 9.2), 7);
  });

  it("soft-thresholds gradient sums with lambda_l1", () => {
    const t = trainBooster(stumpData(), { ...STUMP, lambda_l1: 1 }).booster.trees[0];
    expect(t.splitGain[0]).toBeCloseTo(25 / 7.2 + 25 / 7.2, 4);
    expect(t.leafValue[0]).toBeCloseTo(init + 0.1 * (5 / 7.2), 7);
    expect(t.leafValue[1]).toBeCloseTo(init - 0.1 * (5 / 7.2), 7);
  });

  it("does not split when lambda_l1 exceeds |G| on both sides (constant model)", () => {
    const { booster } = trainBooster(stumpData(), { ...STUMP, num_iterations: 5, lambda_l1: 7 });
    expect(booster.trees.length).toBe(1);
    expect(booster.trees[0].numLeaves).toBe(1);
    expect(booster.trees[0].leafValue[0]).toBeCloseTo(init, 12);
  });

  it("requires min_gain_to_split and records the full gain", () => {
    expect(trainBooster(stumpData(), { ...STUMP, min_gain_to_split: 10.5 }).booster.trees[0].numLeaves).toBe(1);
    const t = trainBooster(stumpData(), { ...STUMP, min_gain_to_split: 9.5 }).booster.trees[0];
    expect(t.numLeaves).toBe(2);
    expect(t.splitGain[0]).toBeCloseTo(10, 4);
  });

  it("starts from 0 without boost_from_average (shrinkage stays the learning rate)", () => {
    const t = trainBooster(stumpData(), { ...STUMP, boost_from_average: false }).booster.trees[0];
    // Gradients at score 0: p = 0.5, g = 0.5 - y, h = 0.25: G_L = 30*0.5 - 24 = -9, H = 7.5.
    expect(t.leafValue[0]).toBeCloseTo(0.1 * (9 / 7.5), 7);
    expect(t.leafValue[1]).toBeCloseTo(0.1 * (-(15 - 12) / 7.5), 7);
    expect(t.shrinkage).toBeCloseTo(0.1, 15);
  });

  it("weights positives with scale_pos_weight and is_unbalance", () => {
    // scale_pos_weight w: positive rows get gradient -0.4w and hessian 0.24w.
    const w = 3;
    const t = trainBooster(stumpData(), { ...STUMP, scale_pos_weight: w }).booster.trees[0];
    const gl = 24 * -0.4 * w + 6 * 0.6;
    const hl = 24 * 0.24 * w + 6 * 0.24;
    expect(t.leafValue[0]).toBeCloseTo(init + 0.1 * (-gl / hl), 6);
    expect(t.leafWeight[0]).toBeCloseTo(hl, 4);
    // 36 positives vs 24 negatives: is_unbalance weights negatives by 36/24.
    const u = trainBooster(stumpData(), { ...STUMP, is_unbalance: true }).booster.trees[0];
    const wn = 36 / 24;
    expect(u.leafWeight[0]).toBeCloseTo(24 * 0.24 + 6 * 0.24 * wn, 4);
  });

  it("applies the sigmoid parameter to gradients and the initial score", () => {
    const s = 2;
    const { booster } = trainBooster(stumpData(), { ...STUMP, sigmoid: s });
    expect(booster.objective).toBe("binary sigmoid:2");
    const init2 = Math.log(1.5) / s;
    // At the initial score, p = 0.6 again; responses are scaled by s: g = s (p - y), h = s^2 p (1 - p).
    const t = booster.trees[0];
    expect(t.leafValue[0]).toBeCloseTo(init2 + 0.1 * ((s * 6) / (s * s * 7.2)), 6);
  });
});

describe("constraints", () => {
  // x = 0..99, five rows each; y = 1 for x < 3 (15 rows) and for a few scattered others.
  function data(): TrainInput {
    const x: number[] = [];
    const y: number[] = [];
    for (let v = 0; v < 100; v++) {
      for (let k = 0; k < 5; k++) {
        x.push(v);
        y.push(v < 3 || (v % 17 === 0 && k === 0) ? 1 : 0);
      }
    }
    return oneFeature(x, y);
  }

  it("honours min_data_in_leaf", () => {
    const free = trainBooster(data(), { num_iterations: 1, num_leaves: 8, min_data_in_leaf: 5 }).booster;
    expect(Math.min(...Array.from(free.trees[0].leafCount))).toBeLessThan(40);
    const constrained = trainBooster(data(), { num_iterations: 3, num_leaves: 8, min_data_in_leaf: 40 }).booster;
    // As in LightGBM, split search counts rows from hessians (count ~ h * n / H); in the first
    // tree every hessian is equal, so the estimate is exact. (Later trees can have leaves with
    // fewer real rows but as much hessian as 40 typical rows, exactly like LightGBM.)
    for (const c of constrained.trees[0].leafCount) expect(c).toBeGreaterThanOrEqual(40);
    expect(constrained.trees[0].numLeaves).toBe(8);
  });

  it("honours num_leaves and max_depth", () => {
    const t = trainBooster(data(), { num_iterations: 1, num_leaves: 5, min_data_in_leaf: 2 }).booster.trees[0];
    expect(t.numLeaves).toBe(5);
    const d = trainBooster(data(), { num_iterations: 1, num_leaves: 31, max_depth: 2, min_data_in_leaf: 2 }).booster.trees[0];
    expect(d.numLeaves).toBeLessThanOrEqual(4);
    const depth = (node: number): number => (node < 0 ? 0 : 1 + Math.max(depth(d.leftChild[node]), depth(d.rightChild[node])));
    expect(depth(0)).toBeLessThanOrEqual(2);
  });

  it("honours min_sum_hessian_in_leaf", () => {
    // Each row's hessian is about 0.1-0.25 here; 3 per leaf needs >= ~15 rows.
    const t = trainBooster(data(), { num_iterations: 1, num_leaves: 8, min_data_in_leaf: 1, min_sum_hessian_in_leaf: 3 })
      .booster.trees[0];
    for (const w of t.leafWeight) expect(w).toBeGreaterThanOrEqual(3);
  });
});

describe("missing values", () => {
  /** x = 1..100 (y = 1 above 50) plus 40 NaN rows whose labels follow `nanLabel`. */
  function data(nanLabel: number): TrainInput {
    const x: number[] = [];
    const y: number[] = [];
    for (let v = 1; v <= 100; v++) {
      x.push(v);
      y.push(v > 50 ? 1 : 0);
    }
    for (let i = 0; i < 40; i++) {
      x.push(Number.NaN);
      y.push(i < 36 ? nanLabel : 1 - nanLabel);
    }
    return oneFeature(x, y);
  }

  it("sends missing values to the side they resemble (right) and records it", () => {
    const { booster } = trainBooster(data(1), { ...STUMP, min_data_in_leaf: 5 });
    const t = booster.trees[0];
    expect(t.threshold[0]).toBeCloseTo(50.5, 10);
    expect(t.decisionType[0]).toBe(8); // missing type NaN, default right
    expect(raw(booster, Number.NaN)).toBe(raw(booster, 90));
    expect(raw(booster, Number.NaN)).not.toBe(raw(booster, 10));
    expect(booster.featureInfos).toEqual(["[1:100]"]);
  });

  it("sends missing values left when they resemble the low side", () => {
    const { booster } = trainBooster(data(0), { ...STUMP, min_data_in_leaf: 5 });
    const t = booster.trees[0];
    expect(t.decisionType[0]).toBe(10); // missing type NaN, default left
    expect(raw(booster, Number.NaN)).toBe(raw(booster, 10));
    expect(raw(booster, Number.NaN)).not.toBe(raw(booster, 90));
  });
});

describe("categorical splits", () => {
  /** Categories 0..7, 150 rows each; categories 1, 4 and 6 are 80% positive, the others 20%. */
  function data(): TrainInput {
    const x: number[] = [];
    const y: number[] = [];
    for (let c = 0; c < 8; c++) {
      const positives = [1, 4, 6].includes(c) ? 120 : 30;
      for (let i = 0; i < 150; i++) {
        x.push(c);
        y.push(i < positives ? 1 : 0);
      }
    }
    return oneFeature(x, y, { categoricalFeatures: [0], featureNames: ["site"] });
  }

  it("puts exactly the high-rate categories on the left (many-vs-many)", () => {
    const { booster } = trainBooster(data(), STUMP);
    const t = booster.trees[0];
    expect(t.numCat).toBe(1);
    expect(t.decisionType[0]).toBe(1); // categorical, every category seen, no NaN
    expect(Array.from(t.catThreshold)).toEqual([(1 << 1) | (1 << 4) | (1 << 6)]);
    const left = raw(booster, 1);
    for (const c of [4, 6]) expect(raw(booster, c)).toBe(left);
    for (const c of [0, 2, 3, 5, 7]) expect(raw(booster, c)).not.toBe(left);
    // Unseen categories and missing values go right.
    expect(raw(booster, 9)).toBe(raw(booster, 0));
    expect(raw(booster, 40)).toBe(raw(booster, 0));
    expect(raw(booster, Number.NaN)).toBe(raw(booster, 0));
    // Categories listed by frequency (all equal: by code), after the NaN/other bin -1.
    expect(booster.featureInfos).toEqual(["-1:0:1:2:3:4:5:6:7"]);
  });

  it("uses one category against the rest when there are at most max_cat_to_onehot bins", () => {
    const x: number[] = [];
    const y: number[] = [];
    for (let c = 0; c < 3; c++) {
      for (let i = 0; i < 100; i++) {
        x.push(c);
        y.push(i < (c === 2 ? 90 : c === 1 ? 40 : 20) ? 1 : 0);
      }
    }
    const { booster } = trainBooster(oneFeature(x, y, { categoricalFeatures: [0] }), STUMP);
    expect(Array.from(booster.trees[0].catThreshold)).toEqual([1 << 2]);
  });

  it("drops rare categories into the 'other' bin (they go right)", () => {
    const input = data();
    const x = Array.from(input.data);
    const y = Array.from(input.labels);
    // Category 11 appears twice (< min_data_in_bin = 3) with positive labels.
    x.push(11, 11);
    y.push(1, 1);
    const { booster } = trainBooster(oneFeature(x, y, { categoricalFeatures: [0] }), STUMP);
    expect(booster.featureInfos[0].split(":")).not.toContain("11");
    expect(raw(booster, 11)).toBe(raw(booster, 0));
    expect(booster.trees[0].decisionType[0]).toBe(1 | (2 << 2)); // missing type NaN: not all categories kept
  });
});

function randomData(seed: number, rows: number, features: number): TrainInput {
  const r = rng(seed);
  const data = new Float64Array(rows * features);
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let z = 0;
    for (let f = 0; f < features; f++) {
      const v = f === features - 1 ? Math.floor(r() * 6) : Math.round((r() * 2 - 1) * 1000) / 100;
      data[i * features + f] = f === 1 && r() < 0.1 ? Number.NaN : v;
      z += f === features - 1 ? (v % 2 === 0 ? 0.5 : -0.5) : Math.sin(v) * (f % 2 === 0 ? 1 : -0.5);
    }
    labels[i] = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { data, labels, numRows: rows, numFeatures: features, categoricalFeatures: [features - 1] };
}

describe("sampling and determinism", () => {
  const sampled: Partial<TrainParams> = {
    num_iterations: 15,
    num_leaves: 8,
    bagging_fraction: 0.7,
    bagging_freq: 1,
    feature_fraction: 0.6,
  };

  it("gives an identical booster for the same seed", () => {
    const input = randomData(1, 1500, 6);
    const a = trainBooster(input, { ...sampled, seed: 3 }).booster;
    const b = trainBooster(input, { ...sampled, seed: 3 }).booster;
    expect(a).toEqual(b);
  });

  it("gives different trees for a different seed when bagging", () => {
    const input = randomData(1, 1500, 6);
    const a = trainBooster(input, { ...sampled, seed: 3 }).booster;
    const b = trainBooster(input, { ...sampled, seed: 4 }).booster;
    expect(a.trees.map((t) => Array.from(t.leafValue))).not.toEqual(b.trees.map((t) => Array.from(t.leafValue)));
    // Without sampling the seed does not matter.
    const c = trainBooster(input, { num_iterations: 5, seed: 3 }).booster;
    const d = trainBooster(input, { num_iterations: 5, seed: 4 }).booster;
    expect(c.trees).toEqual(d.trees);
  });

  it("keeps training scores consistent with the trees (in-bag and out-of-bag rows)", () => {
    const input = randomData(2, 1200, 5);
    const { booster, evalHistory } = trainBooster(input, { ...sampled, seed: 9 }, { evalTrainMetric: true });
    let loss = 0;
    for (let i = 0; i < input.numRows; i++) {
      const p = 1 / (1 + Math.exp(-referenceRawScore(booster.trees, input.data.subarray(i * 5, i * 5 + 5))));
      loss -= input.labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
    expect(evalHistory.at(-1)?.trainLogloss).toBeCloseTo(loss / input.numRows, 10);
  });

  it("gives the same booster with worker threads as without", () => {
    const input = randomData(5, 6000, 12);
    const params = { num_iterations: 4, num_leaves: 15 };
    const one = trainBooster(input, params, { threads: 1 });
    const two = trainBooster(input, params, { threads: 2 });
    expect(two.timings.threads).toBe(2);
    expect(two.booster).toEqual(one.booster);
  });

  it("accepts column-major input", () => {
    const input = randomData(6, 800, 4);
    const col = new Float64Array(input.data.length);
    for (let i = 0; i < input.numRows; i++) for (let f = 0; f < 4; f++) col[f * input.numRows + i] = input.data[i * 4 + f];
    const a = trainBooster(input, { num_iterations: 3 }).booster;
    const b = trainBooster({ ...input, data: col, layout: "column-major" }, { num_iterations: 3 }).booster;
    expect(b).toEqual(a);
  });
});

describe("early stopping", () => {
  it("stops after early_stopping_round iterations without improvement and keeps the best", () => {
    const trainSet = randomData(11, 400, 4);
    // Validation labels are noise, so the validation loss soon gets worse.
    const validSet = randomData(12, 300, 4);
    const r = rng(99);
    const validLabels = validSet.labels.map(() => (r() < 0.5 ? 1 : 0));
    const progress: Array<[number, number, number | undefined]> = [];
    const result = trainBooster(
      trainSet,
      { num_iterations: 300, learning_rate: 0.3, num_leaves: 16, min_data_in_leaf: 3, early_stopping_round: 5 },
      {
        valid: { data: validSet.data, numRows: validSet.numRows, numFeatures: 4, labels: validLabels },
        onProgress: (i, total, v) => progress.push([i, total, v]),
      },
    );
    const { bestIteration, evalHistory, booster } = result;
    expect(bestIteration).toBeLessThan(300);
    expect(booster.trees.length).toBe(bestIteration);
    expect(evalHistory.length).toBe(bestIteration + 5);
    const losses = evalHistory.map((e) => e.validLogloss as number);
    expect(Math.min(...losses)).toBe(losses[bestIteration - 1]);
    expect(progress.length).toBe(evalHistory.length);
    expect(progress[0][1]).toBe(300);
    expect(progress.every(([, , v]) => typeof v === "number")).toBe(true);
    // The kept trees give the best iteration's validation loss.
    let loss = 0;
    for (let i = 0; i < validSet.numRows; i++) {
      const p = 1 / (1 + Math.exp(-referenceRawScore(booster.trees, validSet.data.subarray(i * 4, i * 4 + 4))));
      loss -= validLabels[i] === 1 ? Math.log(p) : Math.log(1 - p);
    }
    expect(loss / validSet.numRows).toBeCloseTo(losses[bestIteration - 1], 10);
  });

  it("needs a validation set", () => {
    expect(() => trainBooster(randomData(1, 100, 3), { early_stopping_round: 3 })).toThrow(TrainParamError);
  });
});

describe("input errors", () => {
  const ok = randomData(1, 50, 3);
  it("rejects malformed inputs with clear messages", () => {
    expect(() => trainBooster({ ...ok, labels: ok.labels.map((v, i) => (i === 7 ? 2 : v)) })).toThrow(/row 7.*expected 0 or 1/);
    expect(() => trainBooster({ ...ok, numRows: 49 })).toThrow(/data has 150 values/);
    expect(() => trainBooster({ ...ok, featureNames: ["a", "b"] })).toThrow(/2 names for 3 features/);
    expect(() => trainBooster({ ...ok, featureNames: ["a", "b c", "d"] })).toThrow(/without whitespace/);
    expect(() => trainBooster({ ...ok, categoricalFeatures: ["nope"] })).toThrow(/unknown feature name "nope"/);
    expect(() => trainBooster({ ...ok, categoricalFeatures: [3] })).toThrow(/out of range/);
    expect(() => trainBooster(ok, { num_leaves: 1 })).toThrow(/"num_leaves".*1 < num_leaves <= 131072/);
    expect(() =>
      trainBooster(ok, {}, { valid: { data: new Float64Array(4), numRows: 2, numFeatures: 2, labels: new Float64Array(2) } }),
    ).toThrow(/valid: 2 features/);
  });
});
