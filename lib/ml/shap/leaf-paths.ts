import type { Booster, Tree } from "../model/types";

/**
 * Every root-to-leaf path of a booster, flattened. TreeSHAP's path-dependent game reduces, per
 * leaf, to a product over the distinct features on its path ("slots"): a slot contributes its
 * one-fraction (1 when the row follows the path at every node of that feature, else 0) when the
 * feature is known, and its zero-fraction z (the product of child/parent covers at those nodes)
 * when it is not. Everything the explanation loops need per leaf is precomputed here once.
 *
 * Covers are LightGBM's data counts (internal_count / leaf_count), as its predict_contrib uses.
 * Only trees with at least one split ("split trees", numbered g = 0, 1, ... in model order) have
 * leaves here; single-leaf trees only shift the expected value. Leaves are numbered split tree by
 * split tree, each tree's in depth-first (left first) order.
 */
export interface LeafPaths {
  numLeaves: number;
  leafValue: Float64Array;
  /** numLeaves + 1 offsets into the path arrays. */
  pathStart: Int32Array;
  /** Tree-local index of each internal node on the path, root first. */
  pathNode: Int32Array;
  /** 1 when the path continues into the node's left child. */
  pathLeft: Uint8Array;
  /** Slot (index into the leaf's distinct features) of the node's split feature. */
  pathSlot: Int32Array;
  /** numLeaves + 1 offsets into the slot arrays. */
  slotStart: Int32Array;
  slotFeature: Int32Array;
  slotZero: Float64Array;
  /** Most slots of any leaf. */
  maxSlots: number;

  /** Number of split trees. */
  numGroups: number;
  /** Per split tree (numGroups + 1 offsets): its leaves, its walk steps. */
  groupLeafStart: Int32Array;
  groupWalkStart: Int32Array;
  /** Per split tree: global index (see NodeRules) of its node 0, and its internal node count. */
  groupNodeBase: Int32Array;
  groupNodes: Int32Array;
  /** Largest internal node count, and node + leaf count (its mask array size), of any split tree. */
  maxGroupNodes: number;
  maxGroupMasks: number;
  /**
   * Each split tree as a preorder walk over its internal nodes (parents before children), so one
   * pass per row can push agreement masks from the root down: a feature's slot is fixed by the
   * path prefix where it first appears, hence the same for every leaf below. Per step: the
   * tree-local node, 1 << slot of its feature (0 beyond bit 30), and where each child's mask goes
   * in a tree-local mask array: the child's local node index, or groupNodes + local leaf number.
   */
  walkNode: Int32Array;
  walkBit: Int32Array;
  walkLeft: Int32Array;
  walkRight: Int32Array;

  /** Expected value per tree (all trees): sum over its leaves of value x product of cover ratios. */
  treeExpected: Float64Array;
  /** Sum of treeExpected in model order. */
  expectedValue: number;
}

interface Builder {
  leafValue: number[];
  pathStart: number[];
  pathNode: number[];
  pathLeft: number[];
  pathSlot: number[];
  slotStart: number[];
  slotFeature: number[];
  slotZero: number[];
  walkNode: number[];
  walkBit: number[];
  walkLeft: number[];
  walkRight: number[];
}

function childCover(tree: Tree, child: number): number {
  return child >= 0 ? tree.internalCount[child] : tree.leafCount[~child];
}

/** Appends the leaves and walk steps of a split tree; returns its expected value. */
function addTree(tree: Tree, out: Builder): number {
  const internal = tree.numLeaves - 1;
  const firstLeaf = out.leafValue.length;
  const nodes: number[] = [];
  const lefts: number[] = [];
  const slotOf = new Map<number, number>();
  let expected = 0;
  /** Returns where the child's mask goes in the tree-local mask array. */
  const visit = (child: number): number => {
    if (child < 0) {
      expected += addLeaf(tree, ~child, nodes, lefts, out);
      return internal + (out.leafValue.length - 1 - firstLeaf);
    }
    const feature = tree.splitFeature[child];
    const isNew = !slotOf.has(feature);
    if (isNew) slotOf.set(feature, slotOf.size);
    const slot = slotOf.get(feature) as number;
    const step = out.walkNode.length;
    out.walkNode.push(child);
    out.walkBit.push(slot < 31 ? 1 << slot : 0);
    out.walkLeft.push(0);
    out.walkRight.push(0);
    for (const [next, left] of [[tree.leftChild[child], 1], [tree.rightChild[child], 0]] as const) {
      nodes.push(child);
      lefts.push(left);
      const target = visit(next);
      if (left) out.walkLeft[step] = target;
      else out.walkRight[step] = target;
      nodes.pop();
      lefts.pop();
    }
    if (isNew) slotOf.delete(feature);
    return child;
  };
  visit(0);
  return expected;
}

function addLeaf(tree: Tree, leaf: number, nodes: number[], lefts: number[], out: Builder): number {
  const firstSlot = out.slotFeature.length;
  const slotOf = new Map<number, number>();
  let reach = 1;
  for (let p = 0; p < nodes.length; p++) {
    const node = nodes[p];
    const feature = tree.splitFeature[node];
    const child = lefts[p] ? tree.leftChild[node] : tree.rightChild[node];
    const ratio = childCover(tree, child) / tree.internalCount[node];
    let slot = slotOf.get(feature);
    if (slot === undefined) {
      slot = slotOf.size;
      slotOf.set(feature, slot);
      out.slotFeature.push(feature);
      out.slotZero.push(1);
    }
    // Repeated splits on one feature merge into one player: their fractions multiply.
    out.slotZero[firstSlot + slot] *= ratio;
    reach *= ratio;
    out.pathNode.push(node);
    out.pathLeft.push(lefts[p]);
    out.pathSlot.push(slot);
  }
  out.leafValue.push(tree.leafValue[leaf]);
  out.pathStart.push(out.pathNode.length);
  out.slotStart.push(out.slotFeature.length);
  return reach * tree.leafValue[leaf];
}

export function buildLeafPaths(booster: Booster): LeafPaths {
  const out: Builder = {
    leafValue: [],
    pathStart: [0],
    pathNode: [],
    pathLeft: [],
    pathSlot: [],
    slotStart: [0],
    slotFeature: [],
    slotZero: [],
    walkNode: [],
    walkBit: [],
    walkLeft: [],
    walkRight: [],
  };
  const treeExpected = new Float64Array(booster.trees.length);
  const groupLeafStart = [0];
  const groupWalkStart = [0];
  const groupNodeBase: number[] = [];
  const groupNodes: number[] = [];
  let nodeBase = 0;
  let expectedValue = 0;
  booster.trees.forEach((tree, t) => {
    if (tree.numLeaves > 1) {
      treeExpected[t] = addTree(tree, out);
      groupLeafStart.push(out.leafValue.length);
      groupWalkStart.push(out.walkNode.length);
      groupNodeBase.push(nodeBase);
      groupNodes.push(tree.numLeaves - 1);
    } else {
      treeExpected[t] = tree.leafValue[0];
    }
    expectedValue += treeExpected[t];
    nodeBase += tree.numLeaves - 1;
  });
  const numLeaves = out.leafValue.length;
  let maxSlots = 0;
  for (let l = 0; l < numLeaves; l++) maxSlots = Math.max(maxSlots, out.slotStart[l + 1] - out.slotStart[l]);
  let maxGroupNodes = 0;
  let maxGroupMasks = 0;
  for (let g = 0; g < groupNodes.length; g++) {
    maxGroupNodes = Math.max(maxGroupNodes, groupNodes[g]);
    maxGroupMasks = Math.max(maxGroupMasks, groupNodes[g] + groupLeafStart[g + 1] - groupLeafStart[g]);
  }
  return {
    numLeaves,
    leafValue: Float64Array.from(out.leafValue),
    pathStart: Int32Array.from(out.pathStart),
    pathNode: Int32Array.from(out.pathNode),
    pathLeft: Uint8Array.from(out.pathLeft),
    pathSlot: Int32Array.from(out.pathSlot),
    slotStart: Int32Array.from(out.slotStart),
    slotFeature: Int32Array.from(out.slotFeature),
    slotZero: Float64Array.from(out.slotZero),
    maxSlots,
    numGroups: groupNodes.length,
    groupLeafStart: Int32Array.from(groupLeafStart),
    groupWalkStart: Int32Array.from(groupWalkStart),
    groupNodeBase: Int32Array.from(groupNodeBase),
    groupNodes: Int32Array.from(groupNodes),
    maxGroupNodes,
    maxGroupMasks,
    walkNode: Int32Array.from(out.walkNode),
    walkBit: Int32Array.from(out.walkBit),
    walkLeft: Int32Array.from(out.walkLeft),
    walkRight: Int32Array.from(out.walkRight),
    treeExpected,
    expectedValue,
  };
}
