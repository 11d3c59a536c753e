import type { Booster, Tree } from "../../../lib/ml/model/types";
import { mulberry32 } from "@/lib/random/mulberry32";

/**
 * Seeded random trees and rows that exercise every decision rule: numeric splits with missing
 * types None / Zero / NaN and both default directions, categorical bitsets, repeated features on
 * a path, zero-cover leaves, single-leaf trees, and rows with NaN, zeros, negative, fractional and
 * unseen categories.
 */

export type Random = () => number;

export function makeRandom(seed: number): Random {
  return mulberry32(seed);
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export interface RandomTreeOptions {
  numFeatures: number;
  /** Features that split categorically. */
  categorical: ReadonlySet<number>;
  maxDepth: number;
  /** Chance that a node at depth < maxDepth becomes a leaf anyway. */
  leafChance?: number;
  /** Allow children whose covers do not add up to their parent's. */
  inconsistentCovers?: boolean;
}

interface Node {
  feature: number;
  threshold: number;
  decisionType: number;
  categories: number[];
  left: number;
  right: number;
  count: number;
}

export function randomTree(random: Random, options: RandomTreeOptions): Tree {
  const nodes: Node[] = [];
  const leafValues: number[] = [];
  const leafCounts: number[] = [];
  const leafChance = options.leafChance ?? 0.25;
  const grow = (depth: number, count: number, mustSplit: boolean): number => {
    if (!mustSplit && (depth >= options.maxDepth || count < 2 || random() < leafChance)) {
      leafValues.push(Math.round((random() * 2 - 1) * 1e6) / 1e6);
      leafCounts.push(count);
      return ~(leafValues.length - 1);
    }
    const feature = Math.floor(random() * options.numFeatures);
    const index = nodes.length;
    const node: Node = { feature, threshold: 0, decisionType: 0, categories: [], left: 0, right: 0, count };
    nodes.push(node);
    if (options.categorical.has(feature)) {
      node.decisionType = 1;
      for (let c = 0; c < 6; c++) if (random() < 0.5) node.categories.push(c);
      if (random() < 0.2) node.categories.push(33 + Math.floor(random() * 30));
    } else {
      const missing = pick(random, [0, 1, 2]);
      node.decisionType = (missing << 2) | (random() < 0.5 ? 2 : 0);
      node.threshold = pick(random, [-1.5, -0.25, 0, 0.5, 1, 2.25]);
    }
    // Children may cover nothing (a zero-cover leaf) but internal nodes need a positive cover.
    let leftCount = Math.floor(random() * (count + 1));
    let rightCount = count - leftCount;
    if (options.inconsistentCovers && random() < 0.3) rightCount += Math.floor(random() * 5) + 1;
    const leftLeaf = depth + 1 >= options.maxDepth || leftCount < 2 || random() < leafChance;
    const rightLeaf = depth + 1 >= options.maxDepth || rightCount < 2 || random() < leafChance;
    if (!leftLeaf && leftCount < 1) leftCount = 1;
    if (!rightLeaf && rightCount < 1) rightCount = 1;
    node.left = leftLeaf ? grow(options.maxDepth, leftCount, false) : grow(depth + 1, leftCount, false);
    node.right = rightLeaf ? grow(options.maxDepth, rightCount, false) : grow(depth + 1, rightCount, false);
    return index;
  };
  grow(0, 200 + Math.floor(random() * 800), options.maxDepth > 0);
  return assemble(nodes, leafValues, leafCounts);
}

function bitset(categories: number[]): number[] {
  const words = categories.length === 0 ? 1 : Math.floor(Math.max(...categories) / 32) + 1;
  const bits = new Array<number>(words).fill(0);
  for (const c of categories) bits[c >> 5] = (bits[c >> 5] | (1 << (c & 31))) >>> 0;
  return bits;
}

function assemble(nodes: Node[], leafValues: number[], leafCounts: number[]): Tree {
  const catBoundaries = [0];
  const catThreshold: number[] = [];
  const threshold = nodes.map((node) => {
    if ((node.decisionType & 1) === 0) return node.threshold;
    catThreshold.push(...bitset(node.categories));
    catBoundaries.push(catThreshold.length);
    return catBoundaries.length - 2;
  });
  return {
    numLeaves: leafValues.length,
    numCat: catBoundaries.length - 1,
    splitFeature: Int32Array.from(nodes, (n) => n.feature),
    splitGain: new Float64Array(nodes.length).fill(1),
    threshold: Float64Array.from(threshold),
    decisionType: Uint8Array.from(nodes, (n) => n.decisionType),
    leftChild: Int32Array.from(nodes, (n) => n.left),
    rightChild: Int32Array.from(nodes, (n) => n.right),
    leafValue: Float64Array.from(leafValues),
    leafWeight: Float64Array.from(leafCounts),
    leafCount: Float64Array.from(leafCounts),
    internalValue: new Float64Array(nodes.length),
    internalWeight: Float64Array.from(nodes, (n) => n.count),
    internalCount: Float64Array.from(nodes, (n) => n.count),
    catBoundaries: Int32Array.from(catBoundaries),
    catThreshold: Uint32Array.from(catThreshold),
    shrinkage: 1,
  };
}

/** A one-leaf tree (contributes only to the expected value). */
export function constantTree(value: number): Tree {
  return assemble([], [value], [100]);
}

export function makeBooster(trees: Tree[], numFeatures: number): Booster {
  const featureNames = Array.from({ length: numFeatures }, (_, i) => `f${i}`);
  return {
    version: "v4",
    numClass: 1,
    numTreePerIteration: 1,
    labelIndex: 0,
    maxFeatureIdx: numFeatures - 1,
    objective: "binary sigmoid:1",
    featureNames,
    featureInfos: featureNames.map(() => "[0:1]"),
    trees,
    parameters: [],
    pandasCategorical: "null",
  };
}

const NUMERIC_VALUES = [Number.NaN, 0, -0, 1e-36, -1.5, -0.25, 0.5, 1, 2.25, 3, -7, Infinity, -Infinity];
const CATEGORY_VALUES = [Number.NaN, 0, 1, 2, 3, 4, 5, 5.7, -0.5, -1, 40, 50, 1e10];

/** Rows mixing split thresholds, their neighbourhoods and every missing/odd value. */
export function randomRows(random: Random, numRows: number, numFeatures: number, categorical: ReadonlySet<number>): Float64Array {
  const data = new Float64Array(numRows * numFeatures);
  for (let r = 0; r < numRows; r++) {
    for (let j = 0; j < numFeatures; j++) {
      data[r * numFeatures + j] = categorical.has(j)
        ? pick(random, CATEGORY_VALUES)
        : random() < 0.6
          ? pick(random, NUMERIC_VALUES)
          : (random() * 2 - 1) * 3;
    }
  }
  return data;
}

/** A random ensemble of 1..maxTrees trees (some single-leaf) over numFeatures features. */
export function randomEnsemble(random: Random, numFeatures: number, maxTrees: number, maxDepth: number, inconsistentCovers = false): { booster: Booster; categorical: Set<number> } {
  const categorical = new Set<number>();
  for (let j = 0; j < numFeatures; j++) if (random() < 0.35) categorical.add(j);
  const count = 1 + Math.floor(random() * maxTrees);
  const trees = Array.from({ length: count }, () =>
    random() < 0.1 ? constantTree(random() - 0.5) : randomTree(random, { numFeatures, categorical, maxDepth, inconsistentCovers }),
  );
  return { booster: makeBooster(trees, numFeatures), categorical };
}
