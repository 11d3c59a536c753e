import { type Booster, DECISION_CATEGORICAL, type Tree } from "../model/types";
import { float32Cut, piecewiseSplit } from "./numeric-split";

/**
 * LightGBM trees as the attribute arrays of ONNX's `ai.onnx.ml` TreeEnsemble (opset 5): one
 * entry per interior node in the `nodes_*` arrays, one per leaf in the `leaf_*` arrays. Child
 * references index either array, as the matching `nodes_trueleafs` / `nodes_falseleafs` flag
 * says. ONNX trees cannot share children, so where a LightGBM split needs more than one
 * comparison (see ./numeric-split) the child subtrees are emitted once per reference.
 */

/** TreeEnsemble `nodes_modes` values. */
const MODE = { LEQ: 0, LT: 1, MEMBER: 6 } as const;

export type SplitPrecision = "double" | "float";

export interface EnsembleArrays {
  featureIds: number[];
  modes: number[];
  splits: number[];
  trueIds: number[];
  trueLeafs: number[];
  falseIds: number[];
  falseLeafs: number[];
  missingTracksTrue: number[];
  /** Member lists of the BRANCH_MEMBER nodes in node order, each closed by NaN. */
  membershipValues: number[];
  leafWeights: number[];
  treeRoots: number[];
}

interface Ref {
  leaf: boolean;
  index: number;
}

class EnsembleBuilder {
  readonly arrays: EnsembleArrays = {
    featureIds: [],
    modes: [],
    splits: [],
    trueIds: [],
    trueLeafs: [],
    falseIds: [],
    falseLeafs: [],
    missingTracksTrue: [],
    membershipValues: [],
    leafWeights: [],
    treeRoots: [],
  };

  constructor(
    private readonly precision: SplitPrecision,
    /** Input column holding the truncated copy of each categorical feature. */
    private readonly categoryColumn: ReadonlyMap<number, number>,
  ) {}

  private leaf(value: number): Ref {
    this.arrays.leafWeights.push(this.precision === "float" ? Math.fround(value) : value);
    return { leaf: true, index: this.arrays.leafWeights.length - 1 };
  }

  private node(feature: number, mode: number, split: number, missingTrue: boolean): number {
    const a = this.arrays;
    a.featureIds.push(feature);
    a.modes.push(mode);
    a.splits.push(split);
    a.missingTracksTrue.push(missingTrue ? 1 : 0);
    a.trueIds.push(-1);
    a.trueLeafs.push(0);
    a.falseIds.push(-1);
    a.falseLeafs.push(0);
    return a.featureIds.length - 1;
  }

  private link(node: number, branch: boolean, ref: Ref): void {
    const a = this.arrays;
    (branch ? a.trueIds : a.falseIds)[node] = ref.index;
    (branch ? a.trueLeafs : a.falseLeafs)[node] = ref.leaf ? 1 : 0;
  }

  /** Emits the subtree of LightGBM child reference `child` (node >= 0, leaf ~child). */
  subtree(tree: Tree, child: number): Ref {
    if (child < 0) return this.leaf(tree.leafValue[~child]);
    if (tree.decisionType[child] & DECISION_CATEGORICAL) return this.categorical(tree, child);
    return this.numeric(tree, child);
  }

  private categorical(tree: Tree, node: number): Ref {
    const feature = tree.splitFeature[node];
    const column = this.categoryColumn.get(feature);
    if (column === undefined) throw new Error(`feature ${feature} has no categorical column`);
    const index = tree.threshold[node];
    const members: number[] = [];
    for (let w = tree.catBoundaries[index]; w < tree.catBoundaries[index + 1]; w++) {
      const word = tree.catThreshold[w];
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) members.push((w - tree.catBoundaries[index]) * 32 + bit);
      }
    }
    let id: number;
    if (members.length === 0) {
      // An empty category set sends everything right: `x < -Infinity` never holds, NaN included.
      id = this.node(column, MODE.LT, -Infinity, false);
    } else {
      // NaN is never a member; it goes right (the false branch), as in LightGBM.
      id = this.node(column, MODE.MEMBER, 0, false);
      this.arrays.membershipValues.push(...members, Number.NaN);
    }
    this.link(id, true, this.subtree(tree, tree.leftChild[node]));
    this.link(id, false, this.subtree(tree, tree.rightChild[node]));
    return { leaf: false, index: id };
  }

  private numeric(tree: Tree, node: number): Ref {
    const feature = tree.splitFeature[node];
    const { cuts, pieceLeft, nanLeft } = piecewiseSplit(tree.threshold[node], tree.decisionType[node]);
    const side = (left: boolean) => this.subtree(tree, left ? tree.leftChild[node] : tree.rightChild[node]);
    if (cuts.length === 0) {
      if (nanLeft === pieceLeft[0]) return side(nanLeft);
      // Every number goes one way and NaN the other: `x <= +Infinity` separates exactly NaN.
      const id = this.node(feature, MODE.LEQ, Infinity, false);
      this.link(id, true, side(pieceLeft[0]));
      this.link(id, false, side(nanLeft));
      return { leaf: false, index: id };
    }
    // NaN leaves the chain at the first cut whose piece goes its way; pieces alternate, so when
    // none does it is the final piece, reached by failing every test.
    let nanExit = pieceLeft.findIndex((left, i) => i < cuts.length && left === nanLeft);
    if (nanExit < 0) nanExit = cuts.length;
    let first: Ref | undefined;
    let previous = -1;
    cuts.forEach((cut, i) => {
      const value = this.precision === "float" ? float32Cut(cut) : cut.value;
      const id = this.node(feature, cut.strict ? MODE.LT : MODE.LEQ, value, i === nanExit);
      if (previous >= 0) this.link(previous, false, { leaf: false, index: id });
      first ??= { leaf: false, index: id };
      this.link(id, true, side(pieceLeft[i]));
      previous = id;
    });
    this.link(previous, false, side(pieceLeft[cuts.length]));
    return first as Ref;
  }

  addTree(tree: Tree): void {
    const root = tree.numLeaves > 1 ? this.subtree(tree, 0) : this.leaf(tree.leafValue[0]);
    if (!root.leaf) {
      this.arrays.treeRoots.push(root.index);
      return;
    }
    // A tree must start at a node; a node whose two branches name the same leaf is how
    // TreeEnsemble spells a single-leaf tree.
    const id = this.node(0, MODE.LEQ, 0, false);
    this.link(id, true, root);
    this.link(id, false, root);
    this.arrays.treeRoots.push(id);
  }
}

export function buildEnsemble(booster: Booster, precision: SplitPrecision, categoryColumn: ReadonlyMap<number, number>): EnsembleArrays {
  const builder = new EnsembleBuilder(precision, categoryColumn);
  for (const tree of booster.trees) builder.addTree(tree);
  return builder.arrays;
}

/** Features used by at least one categorical split, ascending. */
export function categoricalFeatures(booster: Booster): number[] {
  const features = new Set<number>();
  for (const tree of booster.trees) {
    for (let node = 0; node < tree.numLeaves - 1; node++) {
      if (tree.decisionType[node] & DECISION_CATEGORICAL) features.add(tree.splitFeature[node]);
    }
  }
  return [...features].sort((a, b) => a - b);
}
