import { DECISION_CATEGORICAL, MISSING_NAN, type Tree, missingType } from "./types";

/**
 * Describes the first structural inconsistency of a tree, or returns undefined when the tree can
 * be evaluated safely. Evaluation walks child pointers without bounds checks, so a bad pointer or
 * a cycle must be caught here rather than turning into an endless loop or a silent wrong answer.
 */
export function treeProblem(tree: Tree, numFeatures: number): string | undefined {
  const { numLeaves, numCat } = tree;
  if (!Number.isInteger(numLeaves) || numLeaves < 1) return `num_leaves must be a positive integer, got ${numLeaves}`;
  if (!Number.isInteger(numCat) || numCat < 0) return `num_cat must be a non-negative integer, got ${numCat}`;
  if (tree.leafValue.length !== numLeaves) return `leaf_value has ${tree.leafValue.length} values, expected num_leaves=${numLeaves}`;
  const internal = numLeaves - 1;
  const perNode: Array<[string, ArrayLike<number>]> = [
    ["split_feature", tree.splitFeature],
    ["split_gain", tree.splitGain],
    ["threshold", tree.threshold],
    ["decision_type", tree.decisionType],
    ["left_child", tree.leftChild],
    ["right_child", tree.rightChild],
    ["internal_value", tree.internalValue],
    ["internal_weight", tree.internalWeight],
    ["internal_count", tree.internalCount],
  ];
  for (const [name, values] of perNode) {
    if (values.length !== internal) return `${name} has ${values.length} values, expected num_leaves-1=${internal}`;
  }
  // LightGBM drops leaf_weight/leaf_count of a single-leaf tree when it re-saves a loaded model.
  for (const [name, values] of [["leaf_weight", tree.leafWeight], ["leaf_count", tree.leafCount]] as const) {
    const allowedEmpty = numLeaves === 1 && values.length === 0;
    if (values.length !== numLeaves && !allowedEmpty) return `${name} has ${values.length} values, expected num_leaves=${numLeaves}`;
  }
  if (tree.catBoundaries.length !== numCat + 1) {
    return `cat_boundaries has ${tree.catBoundaries.length} values, expected num_cat+1=${numCat + 1}`;
  }
  if (tree.catBoundaries[0] !== 0) return "cat_boundaries must start at 0";
  for (let i = 1; i <= numCat; i++) {
    if (tree.catBoundaries[i] < tree.catBoundaries[i - 1]) return "cat_boundaries must be non-decreasing";
  }
  if (tree.catBoundaries[numCat] !== tree.catThreshold.length) {
    return `cat_threshold has ${tree.catThreshold.length} words, cat_boundaries ends at ${tree.catBoundaries[numCat]}`;
  }
  if (!(tree.shrinkage === tree.shrinkage)) return "shrinkage is NaN";
  for (let node = 0; node < internal; node++) {
    const feature = tree.splitFeature[node];
    if (feature < 0 || feature >= numFeatures) {
      return `split_feature[${node}]=${feature} is outside 0..${numFeatures - 1}`;
    }
    const decision = tree.decisionType[node];
    if (decision > 15) return `decision_type[${node}]=${decision} has unknown bits set`;
    if (missingType(decision) > MISSING_NAN) return `decision_type[${node}]=${decision} has unknown missing type 3`;
    const threshold = tree.threshold[node];
    if (decision & DECISION_CATEGORICAL) {
      if (!Number.isInteger(threshold) || threshold < 0 || threshold >= numCat) {
        return `threshold[${node}]=${threshold} of a categorical split must index cat_boundaries (0..${numCat - 1})`;
      }
    } else if (Number.isNaN(threshold)) {
      return `threshold[${node}] is NaN`;
    }
  }
  return shapeProblem(tree);
}

/** Checks that child pointers form one tree rooted at node 0 that reaches every node once. */
function shapeProblem(tree: Tree): string | undefined {
  const internal = tree.numLeaves - 1;
  if (internal === 0) return undefined;
  const seenNode = new Uint8Array(internal);
  const seenLeaf = new Uint8Array(tree.numLeaves);
  const stack: number[] = [0];
  seenNode[0] = 1;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (const [side, child] of [["left_child", tree.leftChild[node]], ["right_child", tree.rightChild[node]]] as const) {
      if (child >= 0) {
        if (child >= internal) return `${side}[${node}]=${child} points past the last internal node ${internal - 1}`;
        if (child === 0 || seenNode[child]) return `${side}[${node}]=${child} reaches node ${child} a second time`;
        seenNode[child] = 1;
        stack.push(child);
      } else {
        const leaf = ~child;
        if (leaf >= tree.numLeaves) return `${side}[${node}]=${child} names leaf ${leaf}, but num_leaves=${tree.numLeaves}`;
        if (seenLeaf[leaf]) return `${side}[${node}]=${child} reaches leaf ${leaf} a second time`;
        seenLeaf[leaf] = 1;
      }
    }
  }
  const unreachable = seenNode.indexOf(0);
  if (unreachable >= 0) return `internal node ${unreachable} is not reachable from the root`;
  return undefined;
}
