import type { Booster, Tree } from "./types";

/**
 * Tree evaluation with LightGBM's exact decision rules, plus a packed form of a whole forest
 * for scoring matrices. The rules and the scoring loop live in one module on purpose: V8 only
 * inlined the small rule functions into the loop reliably when they were module-local; imported,
 * the loop measured several times slower.
 */

/**
 * LightGBM's kZeroThreshold. It is declared as the float literal `1e-35f` stored in a double,
 * so its value is float32(1e-35) = 1.0000000180025095e-35, not 1e-35.
 */
export const ZERO_THRESHOLD = 1.0000000180025095e-35;

// Literal copies of the decision_type bits from ./types, so V8 folds them into the hot loop.
const CATEGORICAL = 1;
const DEFAULT_LEFT = 2;
const MISSING_ZERO = 1;
const MISSING_NAN = 2;

/** Largest value `static_cast<int>` converts without overflow. */
const INT32_MAX = 2147483647;

/**
 * Numeric split, mirroring Tree::NumericalDecision: NaN counts as 0 unless the node's missing
 * type is NaN; a missing value (NaN for type NaN, |x| <= kZeroThreshold for type Zero) takes the
 * default direction; everything else goes left when value <= threshold.
 */
export function numericGoesLeft(value: number, threshold: number, decisionType: number): boolean {
  const missing = (decisionType >> 2) & 3;
  let x = value;
  if (x !== x) {
    if (missing === MISSING_NAN) return (decisionType & DEFAULT_LEFT) !== 0;
    x = 0;
  }
  if (missing === MISSING_ZERO && x >= -ZERO_THRESHOLD && x <= ZERO_THRESHOLD) {
    return (decisionType & DEFAULT_LEFT) !== 0;
  }
  return x <= threshold;
}

/**
 * Categorical split, mirroring Tree::CategoricalDecision: NaN goes right; otherwise the value is
 * truncated toward zero as C++'s `static_cast<int>` does (so -0.5 becomes category 0), negative
 * categories go right, and category c goes left iff bit c of the node's bitset
 * (words[begin..end)) is set. Values beyond int32 go right: on the x86-64 builds LightGBM ships,
 * the overflowing conversion yields INT_MIN, which is negative.
 */
export function categoryGoesLeft(value: number, words: Uint32Array, begin: number, end: number): boolean {
  if (value !== value) return false;
  const category = Math.trunc(value);
  if (!(category >= 0) || category > INT32_MAX) return false;
  const word = begin + (category >>> 5);
  if (word >= end) return false;
  return ((words[word] >>> (category & 31)) & 1) === 1;
}

/**
 * All trees of a booster packed into shared typed arrays, so scoring a matrix touches a few
 * contiguous buffers instead of one object graph per tree. Node and leaf indices are global:
 * a child >= 0 is a node index, a child < 0 is global leaf `~child`.
 */
export interface FlatForest {
  numTrees: number;
  /** Per tree: global index of its root node, or ~leaf for a single-leaf tree. */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  decision: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Per node: word range of its category bitset in `catWords` (unused for numeric nodes). */
  catBegin: Int32Array;
  catEnd: Int32Array;
  catWords: Uint32Array;
  leafValue: Float64Array;
}

export function flattenForest(booster: Booster): FlatForest {
  let nodeCount = 0;
  let leafCount = 0;
  let wordCount = 0;
  for (const tree of booster.trees) {
    nodeCount += tree.numLeaves - 1;
    leafCount += tree.numLeaves;
    wordCount += tree.catThreshold.length;
  }
  const forest: FlatForest = {
    numTrees: booster.trees.length,
    roots: new Int32Array(booster.trees.length),
    feature: new Int32Array(nodeCount),
    threshold: new Float64Array(nodeCount),
    decision: new Uint8Array(nodeCount),
    left: new Int32Array(nodeCount),
    right: new Int32Array(nodeCount),
    catBegin: new Int32Array(nodeCount),
    catEnd: new Int32Array(nodeCount),
    catWords: new Uint32Array(wordCount),
    leafValue: new Float64Array(leafCount),
  };
  let nodeBase = 0;
  let leafBase = 0;
  let wordBase = 0;
  booster.trees.forEach((tree, t) => {
    const relocate = (child: number) => (child >= 0 ? child + nodeBase : ~(~child + leafBase));
    forest.roots[t] = tree.numLeaves > 1 ? nodeBase : ~leafBase;
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      const at = nodeBase + node;
      forest.feature[at] = tree.splitFeature[node];
      forest.threshold[at] = tree.threshold[node];
      forest.decision[at] = tree.decisionType[node];
      forest.left[at] = relocate(tree.leftChild[node]);
      forest.right[at] = relocate(tree.rightChild[node]);
      if (tree.decisionType[node] & CATEGORICAL) {
        const index = tree.threshold[node];
        forest.catBegin[at] = wordBase + tree.catBoundaries[index];
        forest.catEnd[at] = wordBase + tree.catBoundaries[index + 1];
      }
    }
    forest.leafValue.set(tree.leafValue, leafBase);
    forest.catWords.set(tree.catThreshold, wordBase);
    nodeBase += tree.numLeaves - 1;
    leafBase += tree.numLeaves;
    wordBase += tree.catThreshold.length;
  });
  return forest;
}

/** Leaf index a single tree assigns to `row` (Tree::GetLeaf). */
export function treeLeaf(tree: Tree, row: ArrayLike<number>): number {
  if (tree.numLeaves <= 1) return 0;
  let node = 0;
  while (node >= 0) {
    const value = row[tree.splitFeature[node]];
    const decision = tree.decisionType[node];
    let left: boolean;
    if (decision & CATEGORICAL) {
      const index = tree.threshold[node];
      left = categoryGoesLeft(value, tree.catThreshold, tree.catBoundaries[index], tree.catBoundaries[index + 1]);
    } else {
      left = numericGoesLeft(value, tree.threshold[node], decision);
    }
    node = left ? tree.leftChild[node] : tree.rightChild[node];
  }
  return ~node;
}

/**
 * Raw scores of a row-major matrix: per row, leaf values summed tree by tree from 0 in model
 * order, as GBDT::PredictRaw does, so sums match LightGBM bit for bit.
 */
export function scoreRows(forest: FlatForest, data: Float64Array, numRows: number, numFeatures: number): Float64Array {
  const { roots, feature, threshold, decision, left, right, catBegin, catEnd, catWords, leafValue, numTrees } = forest;
  const out = new Float64Array(numRows);
  for (let r = 0, offset = 0; r < numRows; r++, offset += numFeatures) {
    let sum = 0;
    for (let t = 0; t < numTrees; t++) {
      let node = roots[t];
      while (node >= 0) {
        const value = data[offset + feature[node]];
        const kind = decision[node];
        const goLeft =
          kind & CATEGORICAL
            ? categoryGoesLeft(value, catWords, catBegin[node], catEnd[node])
            : numericGoesLeft(value, threshold[node], kind);
        node = goLeft ? left[node] : right[node];
      }
      sum += leafValue[~node];
    }
    out[r] = sum;
  }
  return out;
}
