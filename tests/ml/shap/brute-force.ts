import { categoryGoesLeft, numericGoesLeft } from "../../../lib/ml/model/tree-eval";
import { type Booster, DECISION_CATEGORICAL, type Tree } from "../../../lib/ml/model/types";

/**
 * Exponential-time oracles straight from the definitions: the path-dependent conditional
 * expectation E[f(x) | x_S] (follow the row's branch at splits on features in S, otherwise average
 * the children weighted by cover / parent cover), evaluated for every subset S, then the Shapley
 * value and the Shapley interaction index by their subset sums.
 */

function rowGoesLeft(tree: Tree, node: number, value: number): boolean {
  const decision = tree.decisionType[node];
  if (decision & DECISION_CATEGORICAL) {
    const index = tree.threshold[node];
    return categoryGoesLeft(value, tree.catThreshold, tree.catBoundaries[index], tree.catBoundaries[index + 1]);
  }
  return numericGoesLeft(value, tree.threshold[node], decision);
}

function cover(tree: Tree, child: number): number {
  return child >= 0 ? tree.internalCount[child] : tree.leafCount[~child];
}

function conditionalExpectation(tree: Tree, row: ArrayLike<number>, known: number): number {
  if (tree.numLeaves === 1) return tree.leafValue[0];
  const visit = (child: number): number => {
    if (child < 0) return tree.leafValue[~child];
    const feature = tree.splitFeature[child];
    if ((known >> feature) & 1) {
      return visit(rowGoesLeft(tree, child, row[feature]) ? tree.leftChild[child] : tree.rightChild[child]);
    }
    const left = tree.leftChild[child];
    const right = tree.rightChild[child];
    const total = tree.internalCount[child];
    return (cover(tree, left) / total) * visit(left) + (cover(tree, right) / total) * visit(right);
  };
  return visit(0);
}

/** v(S) for every bitmask S of the booster's features. */
export function gameValues(booster: Booster, row: ArrayLike<number>): Float64Array {
  const m = booster.maxFeatureIdx + 1;
  const values = new Float64Array(2 ** m);
  for (let mask = 0; mask < values.length; mask++) {
    for (const tree of booster.trees) values[mask] += conditionalExpectation(tree, row, mask);
  }
  return values;
}

function factorial(n: number): number {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return f;
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/** Shapley values then v(empty set), LightGBM's predict_contrib layout for one row. */
export function bruteForceShap(booster: Booster, row: ArrayLike<number>): Float64Array {
  const m = booster.maxFeatureIdx + 1;
  const v = gameValues(booster, row);
  const phi = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    const bit = 1 << i;
    for (let s = 0; s < v.length; s++) {
      if (s & bit) continue;
      const size = popcount(s);
      phi[i] += ((factorial(size) * factorial(m - size - 1)) / factorial(m)) * (v[s | bit] - v[s]);
    }
  }
  phi[m] = v[0];
  return phi;
}

/**
 * Shapley interaction index, (m+1) x (m+1): Phi_ij = sum over S without i, j of
 * |S|! (m-|S|-2)! / (2 (m-1)!) * (v(S+ij) - v(S+i) - v(S+j) + v(S)); diagonal phi_i - sum_j Phi_ij;
 * the corner holds v(empty set).
 */
export function bruteForceInteractions(booster: Booster, row: ArrayLike<number>): Float64Array {
  const m = booster.maxFeatureIdx + 1;
  const width = m + 1;
  const v = gameValues(booster, row);
  const phi = bruteForceShap(booster, row);
  const out = new Float64Array(width * width);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i === j) continue;
      const bi = 1 << i;
      const bj = 1 << j;
      let sum = 0;
      for (let s = 0; s < v.length; s++) {
        if (s & (bi | bj)) continue;
        const size = popcount(s);
        const weight = (factorial(size) * factorial(m - size - 2)) / (2 * factorial(m - 1));
        sum += weight * (v[s | bi | bj] - v[s | bi] - v[s | bj] + v[s]);
      }
      out[i * width + j] = sum;
    }
  }
  for (let i = 0; i < m; i++) {
    let off = 0;
    for (let j = 0; j < m; j++) if (j !== i) off += out[i * width + j];
    out[i * width + i] = phi[i] - off;
  }
  out[m * width + m] = v[0];
  return out;
}
