import { categoryGoesLeft, numericGoesLeft } from "../model/tree-eval";
import { type Booster, DECISION_CATEGORICAL } from "../model/types";

/**
 * The split rules of every internal node of a booster, packed into typed arrays with global node
 * indices (tree t's node n is `nodeStart[t] + n`). Decisions are delegated to tree-eval's
 * `numericGoesLeft` / `categoryGoesLeft`, so an explanation always follows the same branch as
 * prediction (missing-value types, default directions, category truncation).
 */
export interface NodeRules {
  /** numTrees + 1 offsets: tree t's internal nodes are nodeStart[t] .. nodeStart[t+1]-1. */
  nodeStart: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  decision: Uint8Array;
  /** Word range of a categorical node's bitset in `catWords`. */
  catBegin: Int32Array;
  catEnd: Int32Array;
  catWords: Uint32Array;
}

export function buildNodeRules(booster: Booster): NodeRules {
  const numTrees = booster.trees.length;
  const nodeStart = new Int32Array(numTrees + 1);
  let words = 0;
  booster.trees.forEach((tree, t) => {
    nodeStart[t + 1] = nodeStart[t] + tree.numLeaves - 1;
    words += tree.catThreshold.length;
  });
  const total = nodeStart[numTrees];
  const rules: NodeRules = {
    nodeStart,
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    decision: new Uint8Array(total),
    catBegin: new Int32Array(total),
    catEnd: new Int32Array(total),
    catWords: new Uint32Array(words),
  };
  let wordBase = 0;
  booster.trees.forEach((tree, t) => {
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      const at = nodeStart[t] + node;
      rules.feature[at] = tree.splitFeature[node];
      rules.threshold[at] = tree.threshold[node];
      rules.decision[at] = tree.decisionType[node];
      if (tree.decisionType[node] & DECISION_CATEGORICAL) {
        const index = tree.threshold[node];
        rules.catBegin[at] = wordBase + tree.catBoundaries[index];
        rules.catEnd[at] = wordBase + tree.catBoundaries[index + 1];
      }
    }
    rules.catWords.set(tree.catThreshold, wordBase);
    wordBase += tree.catThreshold.length;
  });
  return rules;
}

/** Whether `value` takes the left branch at global node `node`. */
export function goesLeft(rules: NodeRules, node: number, value: number): boolean {
  const kind = rules.decision[node];
  return kind & DECISION_CATEGORICAL
    ? categoryGoesLeft(value, rules.catWords, rules.catBegin[node], rules.catEnd[node])
    : numericGoesLeft(value, rules.threshold[node], kind);
}

/**
 * Writes 1 (left) or 0 (right) for every internal node of trees [0, numTrees) for the row at
 * `offset`; the explanation loops then only compare bytes.
 */
export function decideAll(rules: NodeRules, data: Float64Array, offset: number, out: Uint8Array): void {
  const { feature, threshold, decision, catBegin, catEnd, catWords } = rules;
  const total = feature.length;
  for (let node = 0; node < total; node++) {
    const kind = decision[node];
    const value = data[offset + feature[node]];
    const left =
      kind & DECISION_CATEGORICAL
        ? categoryGoesLeft(value, catWords, catBegin[node], catEnd[node])
        : numericGoesLeft(value, threshold[node], kind);
    out[node] = left ? 1 : 0;
  }
}
