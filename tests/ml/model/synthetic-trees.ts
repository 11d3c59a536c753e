import type { Booster, Tree } from "../../../lib/ml/model/types";

/** Hand-built trees and boosters for exercising decision rules LightGBM's fixtures never hit. */

export interface SplitSpec {
  feature: number;
  /** Numeric threshold; ignored for categorical splits. */
  threshold?: number;
  /** decision_type bits: 1 categorical, 2 default left, (missing type << 2). */
  decisionType: number;
  /** Categories that go left (categorical splits only). */
  categories?: number[];
  left: number;
  right: number;
}

function bitset(categories: number[]): number[] {
  const words = categories.length === 0 ? 1 : Math.floor(Math.max(...categories) / 32) + 1;
  const bits = new Array<number>(words).fill(0);
  for (const c of categories) bits[c >> 5] = (bits[c >> 5] | (1 << (c & 31))) >>> 0;
  return bits;
}

export function makeTree(splits: SplitSpec[], leafValues: number[]): Tree {
  const internal = splits.length;
  const catBoundaries = [0];
  const catThreshold: number[] = [];
  const threshold = splits.map((split) => {
    if ((split.decisionType & 1) === 0) return split.threshold ?? 0;
    catThreshold.push(...bitset(split.categories ?? []));
    catBoundaries.push(catThreshold.length);
    return catBoundaries.length - 2;
  });
  return {
    numLeaves: leafValues.length,
    numCat: catBoundaries.length - 1,
    splitFeature: Int32Array.from(splits, (s) => s.feature),
    splitGain: new Float64Array(internal).fill(1),
    threshold: Float64Array.from(threshold),
    decisionType: Uint8Array.from(splits, (s) => s.decisionType),
    leftChild: Int32Array.from(splits, (s) => s.left),
    rightChild: Int32Array.from(splits, (s) => s.right),
    leafValue: Float64Array.from(leafValues),
    leafWeight: new Float64Array(leafValues.length),
    leafCount: new Float64Array(leafValues.length),
    internalValue: new Float64Array(internal),
    internalWeight: new Float64Array(internal),
    internalCount: new Float64Array(internal),
    catBoundaries: Int32Array.from(catBoundaries),
    catThreshold: Uint32Array.from(catThreshold),
    shrinkage: 1,
  };
}

/** A one-split tree. */
export function stump(split: Omit<SplitSpec, "left" | "right">, leftValue: number, rightValue: number): Tree {
  return makeTree([{ ...split, left: -1, right: -2 }], [leftValue, rightValue]);
}

export function makeBooster(trees: Tree[], numFeatures: number, objective = "binary sigmoid:1"): Booster {
  const featureNames = Array.from({ length: numFeatures }, (_, i) => `f${i}`);
  return {
    version: "v4",
    numClass: 1,
    numTreePerIteration: 1,
    labelIndex: 0,
    maxFeatureIdx: numFeatures - 1,
    objective,
    featureNames,
    featureInfos: featureNames.map(() => "[0:1]"),
    trees,
    parameters: [["boosting", "gbdt"], ["objective", "binary"]],
    pandasCategorical: "null",
  };
}
