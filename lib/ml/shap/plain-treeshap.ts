import type { Booster } from "../model/types";

/**
 * The original path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2): one recursion per
 * tree that carries the "unique path" of distinct features seen so far together with the
 * permutation weights of its subsets, extending it at every split and unwinding it when a feature
 * repeats. O(L D^2) per tree and row. Kept as the reference the fast variant is checked and
 * benchmarked against, and as the engine of plain interaction values through conditioning
 * (TreeExplainer, Lundberg et al. 2020): with condition +1 (-1) a chosen feature is treated as
 * always known (always unknown) and never enters the path.
 */
export interface PlainForest {
  /** Per tree: global root node, or -1 for a single-leaf tree (nothing to attribute). */
  roots: Int32Array;
  feature: Int32Array;
  /** Child of a global node: >= 0 global node, < 0 global leaf ~child. */
  left: Int32Array;
  right: Int32Array;
  nodeCover: Float64Array;
  leafCover: Float64Array;
  leafValue: Float64Array;
  /** Per tree: its distinct split features, treeFeatures[treeFeatureStart[t] .. treeFeatureStart[t+1]). */
  treeFeatureStart: Int32Array;
  treeFeatures: Int32Array;
  maxDepth: number;
}

export function buildPlainForest(booster: Booster): PlainForest {
  let nodes = 0;
  let leaves = 0;
  for (const tree of booster.trees) {
    nodes += tree.numLeaves - 1;
    leaves += tree.numLeaves;
  }
  const forest: PlainForest = {
    roots: new Int32Array(booster.trees.length),
    feature: new Int32Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    nodeCover: new Float64Array(nodes),
    leafCover: new Float64Array(leaves),
    leafValue: new Float64Array(leaves),
    treeFeatureStart: new Int32Array(booster.trees.length + 1),
    treeFeatures: new Int32Array(0),
    maxDepth: 0,
  };
  const treeFeatures: number[] = [];
  let nodeBase = 0;
  let leafBase = 0;
  booster.trees.forEach((tree, t) => {
    const relocate = (child: number): number => (child >= 0 ? child + nodeBase : ~(~child + leafBase));
    forest.roots[t] = tree.numLeaves > 1 ? nodeBase : -1;
    const distinct = new Set<number>();
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      forest.feature[nodeBase + node] = tree.splitFeature[node];
      forest.left[nodeBase + node] = relocate(tree.leftChild[node]);
      forest.right[nodeBase + node] = relocate(tree.rightChild[node]);
      forest.nodeCover[nodeBase + node] = tree.internalCount[node];
      distinct.add(tree.splitFeature[node]);
    }
    forest.leafValue.set(tree.leafValue, leafBase);
    if (tree.numLeaves > 1) forest.leafCover.set(tree.leafCount, leafBase);
    treeFeatures.push(...[...distinct].sort((a, b) => a - b));
    forest.treeFeatureStart[t + 1] = treeFeatures.length;
    if (tree.numLeaves > 1) forest.maxDepth = Math.max(forest.maxDepth, depthOf(forest, nodeBase));
    nodeBase += tree.numLeaves - 1;
    leafBase += tree.numLeaves;
  });
  forest.treeFeatures = Int32Array.from(treeFeatures);
  return forest;
}

function depthOf(forest: PlainForest, node: number): number {
  const below = (child: number): number => (child < 0 ? 0 : depthOf(forest, child));
  return 1 + Math.max(below(forest.left[node]), below(forest.right[node]));
}

/**
 * Reusable recursion state. The unique path of each recursion level is stored right after its
 * parent's in flat arrays, so a row allocates nothing.
 */
export class PlainTreeShap {
  private readonly pathFeature: Int32Array;
  private readonly pathZero: Float64Array;
  private readonly pathOne: Float64Array;
  private readonly pathWeight: Float64Array;
  private dec: Uint8Array = new Uint8Array(0);
  private out: Float64Array = new Float64Array(0);
  private outBase = 0;
  private condition = 0;
  private conditionFeature = -1;

  constructor(private readonly forest: PlainForest) {
    const levels = forest.maxDepth + 2;
    const size = (levels * (levels + 1)) / 2 + levels;
    this.pathFeature = new Int32Array(size);
    this.pathZero = new Float64Array(size);
    this.pathOne = new Float64Array(size);
    this.pathWeight = new Float64Array(size);
  }

  /**
   * Adds tree t's attributions for the row whose node decisions are `dec` to out[base + feature],
   * each multiplied by `scale`. condition 0 explains plainly; +1 / -1 conditions on
   * `conditionFeature` being known / unknown.
   */
  explainTree(t: number, dec: Uint8Array, out: Float64Array, base: number, condition: number, conditionFeature: number, scale: number): void {
    const root = this.forest.roots[t];
    if (root < 0) return;
    this.dec = dec;
    this.out = out;
    this.outBase = base;
    this.condition = condition;
    this.conditionFeature = conditionFeature;
    this.recurse(root, 0, 0, 1, 1, -1, scale);
  }

  /** Adds the split (or the root's dummy) that led here to the path, then descends. */
  private recurse(node: number, parentAt: number, parentLength: number, zero: number, one: number, feature: number, fraction: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight, forest } = this;
    const at = parentAt + parentLength;
    for (let i = 0; i < parentLength; i++) {
      pathFeature[at + i] = pathFeature[parentAt + i];
      pathZero[at + i] = pathZero[parentAt + i];
      pathOne[at + i] = pathOne[parentAt + i];
      pathWeight[at + i] = pathWeight[parentAt + i];
    }
    let length = parentLength;
    const conditioned = this.condition !== 0 && feature === this.conditionFeature;
    if (!conditioned) {
      this.extend(at, length, zero, one, feature);
      length++;
    }

    if (node < 0) {
      const value = forest.leafValue[~node] * fraction;
      // Element 0 is the root's dummy player.
      for (let i = 1; i < length; i++) {
        const diff = pathOne[at + i] - pathZero[at + i];
        if (diff === 0) continue;
        this.out[this.outBase + pathFeature[at + i]] += this.unwoundSum(at, length, i) * diff * value;
      }
      return;
    }

    const split = forest.feature[node];
    const goLeft = this.dec[node] === 1;
    const hot = goLeft ? forest.left[node] : forest.right[node];
    const cold = goLeft ? forest.right[node] : forest.left[node];
    const cover = forest.nodeCover[node];
    const hotRatio = this.cover(hot) / cover;
    const coldRatio = this.cover(cold) / cover;

    if (this.condition !== 0 && split === this.conditionFeature) {
      // A known feature sends all weight down the row's branch; an unknown one splits it by cover.
      if (this.condition > 0) {
        this.recurse(hot, at, length, 1, 1, split, fraction);
      } else {
        if (hotRatio > 0) this.recurse(hot, at, length, 1, 1, split, fraction * hotRatio);
        if (coldRatio > 0) this.recurse(cold, at, length, 1, 1, split, fraction * coldRatio);
      }
      return;
    }

    let incomingZero = 1;
    let incomingOne = 1;
    for (let i = 1; i < length; i++) {
      if (pathFeature[at + i] !== split) continue;
      // A repeated feature stays one player: take it off the path and carry its fractions down.
      incomingZero = pathZero[at + i];
      incomingOne = pathOne[at + i];
      this.unwind(at, length, i);
      length--;
      break;
    }
    // A player whose zero and one fractions are both 0 zeroes every leaf below (and could not be
    // unwound): skip such a branch.
    const hotZero = incomingZero * hotRatio;
    if (hotZero !== 0 || incomingOne !== 0) this.recurse(hot, at, length, hotZero, incomingOne, split, fraction);
    const coldZero = incomingZero * coldRatio;
    if (coldZero !== 0) this.recurse(cold, at, length, coldZero, 0, split, fraction);
  }

  private cover(child: number): number {
    return child >= 0 ? this.forest.nodeCover[child] : this.forest.leafCover[~child];
  }

  /**
   * Adds a player to a path of `length` players. Weight i is, summed over subsets of size i, the
   * product of their one-fractions, the others' zero-fractions and i!(n-1-i)!/n! for n players.
   */
  private extend(at: number, length: number, zero: number, one: number, feature: number): void {
    const { pathWeight: w } = this;
    this.pathFeature[at + length] = feature;
    this.pathZero[at + length] = zero;
    this.pathOne[at + length] = one;
    w[at + length] = length === 0 ? 1 : 0;
    const n1 = length + 1;
    for (let i = length - 1; i >= 0; i--) {
      w[at + i + 1] += (one * w[at + i] * (i + 1)) / n1;
      w[at + i] = (zero * w[at + i] * (length - i)) / n1;
    }
  }

  /** Inverts extend for player `index` (of `length`), removing it from the path. */
  private unwind(at: number, length: number, index: number): void {
    const { pathFeature, pathZero, pathOne, pathWeight: w } = this;
    const one = pathOne[at + index];
    const zero = pathZero[at + index];
    const n = length - 1;
    if (one !== 0) {
      let next = w[at + n];
      for (let j = n; j >= 1; j--) {
        const current = w[at + j - 1];
        w[at + j - 1] = (next * (n + 1)) / (one * j);
        next = current - (w[at + j - 1] * zero * (n - j + 1)) / (n + 1);
      }
    } else {
      for (let j = 0; j < n; j++) w[at + j] = (w[at + j] * (n + 1)) / (zero * (n - j));
    }
    for (let i = index; i < n; i++) {
      pathFeature[at + i] = pathFeature[at + i + 1];
      pathZero[at + i] = pathZero[at + i + 1];
      pathOne[at + i] = pathOne[at + i + 1];
    }
  }

  /** Sum of the weights player `index` would leave after unwind, without changing the path. */
  private unwoundSum(at: number, length: number, index: number): number {
    const w = this.pathWeight;
    const one = this.pathOne[at + index];
    const zero = this.pathZero[at + index];
    const n = length - 1;
    let total = 0;
    if (one !== 0) {
      let next = w[at + n];
      for (let j = n; j >= 1; j--) {
        const previous = (next * (n + 1)) / (one * j);
        total += previous;
        next = w[at + j - 1] - (previous * zero * (n - j + 1)) / (n + 1);
      }
    } else {
      for (let j = 0; j < n; j++) total += (w[at + j] * (n + 1)) / (zero * (n - j));
    }
    return total;
  }
}
