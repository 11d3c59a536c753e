/**
 * Grows one tree leaf-wise (best-first), as LightGBM's SerialTreeLearner: at each step the leaf
 * whose best split has the largest gain is split, until num_leaves leaves, max_depth, or no split
 * with positive gain. After a split only the child with fewer rows gets its histogram built from
 * its rows; the other child's histogram is the parent's minus it (histograms live in a pool with
 * one slot per leaf, so nothing is allocated per tree).
 */
import type { BinnedDataset } from "./dataset";
import type { CategoricalBinMapper, NumericBinMapper } from "./bin-mapper";
import { DataPartition } from "./data-partition";
import { HistogramPool, subtractHistogram } from "./histogram";
import { HistogramBuilder } from "./parallel-histogram";
import {
  type FeatureMeta,
  type SplitConfig,
  findBestThreshold,
  isBetterSplit,
  leafOutput,
  SplitInfo,
} from "./split-finder";
import { TreeBuilder } from "./tree-builder";
import { MISSING_NAN } from "../model/types";

export interface TreeLearnerConfig extends SplitConfig {
  numLeaves: number;
  maxDepth: number;
}

export interface TreeLearnerTimings {
  histogramMs: number;
  splitFindMs: number;
  partitionMs: number;
}

export class SerialTreeLearner {
  readonly partition: DataPartition;
  readonly timings: TreeLearnerTimings = { histogramMs: 0, splitFindMs: 0, partitionMs: 0 };
  private readonly ds: BinnedDataset;
  private readonly cfg: TreeLearnerConfig;
  private readonly pool: HistogramPool;
  private readonly metas: FeatureMeta[];
  private readonly best: SplitInfo[];
  private readonly candidate = new SplitInfo();
  private readonly slotOf: Int32Array;
  private readonly leafSumGradient: Float64Array;
  private readonly leafSumHessian: Float64Array;
  private readonly allFeatures: Int32Array;
  private readonly usedList: Int32Array;
  /** Per-split lookup table: local bin -> goes left. */
  private readonly goesLeft: Uint8Array;
  private usedByTree: Uint8Array;
  private readonly gradients: Float32Array;
  private readonly hessians: Float32Array;
  private readonly histogramBuilder: HistogramBuilder;
  private smallerLeaf = -1;
  private largerLeaf = -1;
  private hasParent = false;

  /**
   * @param gradients, hessians the arrays the booster refills before each tree
   * @param threads threads for histogram construction; > 1 needs ds.bins, gradients and hessians
   *   on SharedArrayBuffer (else it quietly uses one)
   */
  constructor(ds: BinnedDataset, cfg: TreeLearnerConfig, gradients: Float32Array, hessians: Float32Array, threads = 1) {
    this.ds = ds;
    this.cfg = cfg;
    const numLeaves = cfg.numLeaves;
    const shared = threads > 1 && typeof SharedArrayBuffer !== "undefined";
    this.partition = new DataPartition(
      ds.numRows,
      numLeaves,
      shared ? new Int32Array(new SharedArrayBuffer(4 * ds.numRows)) : undefined,
    );
    this.pool = new HistogramPool(numLeaves, ds.totalBins, ds.numInner, shared);
    this.gradients = gradients;
    this.hessians = hessians;
    this.histogramBuilder = new HistogramBuilder(
      {
        bins: ds.bins,
        stride: ds.numInner,
        binOffsets: ds.binOffsets,
        indices: this.partition.indices,
        gradients,
        hessians,
        histograms: this.pool.data,
      },
      shared ? threads : 1,
    );
    this.metas = [];
    for (let j = 0; j < ds.numInner; j++) {
      this.metas.push({
        numBin: ds.numBin[j],
        missingType: ds.missingType[j],
        offset: ds.mostFreqBin[j] === 0 ? 1 : 0,
        isCategorical: ds.isCategorical[j] === 1,
      });
    }
    this.best = [];
    for (let i = 0; i < numLeaves; i++) this.best.push(new SplitInfo());
    this.slotOf = new Int32Array(numLeaves);
    this.leafSumGradient = new Float64Array(numLeaves);
    this.leafSumHessian = new Float64Array(numLeaves);
    this.allFeatures = new Int32Array(ds.numInner);
    for (let j = 0; j < ds.numInner; j++) this.allFeatures[j] = j;
    this.usedList = new Int32Array(ds.numInner);
    let maxNumBin = 1;
    for (let j = 0; j < ds.numInner; j++) maxNumBin = Math.max(maxNumBin, ds.numBin[j]);
    this.goesLeft = new Uint8Array(maxNumBin);
    this.usedByTree = new Uint8Array(ds.numInner).fill(1);
  }

  /** Threads actually used for histogram construction. */
  get threads(): number {
    return this.histogramBuilder.threads;
  }

  /** Stops worker threads, if any. */
  close(): void {
    this.histogramBuilder.close();
  }

  /**
   * Trains a tree on the rows bagIndices[0..bagCount) (all rows when bagIndices is null) with the
   * current gradients. Leaf values are raw (before shrinkage).
   */
  train(bagIndices: Int32Array | null, bagCount: number, usedByTree: Uint8Array): TreeBuilder {
    this.usedByTree = usedByTree;
    const cfg = this.cfg;
    const part = this.partition;
    const gradients = this.gradients;
    const hessians = this.hessians;
    part.init(bagIndices, bagCount);
    const tree = new TreeBuilder(cfg.numLeaves);
    for (let i = 0; i < cfg.numLeaves; i++) {
      this.best[i].reset();
      this.slotOf[i] = i;
    }
    let sumG = 0;
    let sumH = 0;
    const n0 = part.leafCount[0];
    const idx = part.indices;
    for (let k = 0; k < n0; k++) {
      const r = idx[k];
      sumG += gradients[r];
      sumH += hessians[r];
    }
    this.leafSumGradient[0] = sumG;
    this.leafSumHessian[0] = sumH;
    tree.setLeafOutput(0, leafOutput(sumG, sumH, cfg.lambdaL1, cfg.lambdaL2));
    // The root's weight / count become the first internal node's (LightGBM writes them there).
    tree.leafWeight[0] = sumH;
    tree.leafCount[0] = n0;
    if (this.ds.numInner === 0) return tree;

    let leftLeaf = 0;
    let rightLeaf = -1;
    for (let step = 0; step < cfg.numLeaves - 1; step++) {
      if (this.beforeFindBestSplit(tree, leftLeaf, rightLeaf)) this.findBestSplits();
      let bestLeaf = 0;
      for (let i = 1; i < cfg.numLeaves; i++) if (isBetterSplit(this.best[i], this.best[bestLeaf])) bestLeaf = i;
      if (!(this.best[bestLeaf].gain > 0)) break;
      rightLeaf = this.split(tree, bestLeaf);
      leftLeaf = bestLeaf;
    }
    return tree;
  }

  private beforeFindBestSplit(tree: TreeBuilder, left: number, right: number): boolean {
    const cfg = this.cfg;
    if (cfg.maxDepth > 0 && tree.leafDepth[left] >= cfg.maxDepth) {
      this.best[left].gain = -Infinity;
      if (right >= 0) this.best[right].gain = -Infinity;
      return false;
    }
    const nLeft = this.partition.leafCount[left];
    const nRight = right >= 0 ? this.partition.leafCount[right] : 0;
    if (nRight < cfg.minDataInLeaf * 2 && nLeft < cfg.minDataInLeaf * 2) {
      this.best[left].gain = -Infinity;
      if (right >= 0) this.best[right].gain = -Infinity;
      return false;
    }
    if (right < 0) {
      this.smallerLeaf = left;
      this.largerLeaf = -1;
      this.hasParent = false;
    } else if (nLeft < nRight) {
      // The parent's histogram (in left's slot) becomes the larger (right) child's.
      const s = this.slotOf[left];
      this.slotOf[left] = this.slotOf[right];
      this.slotOf[right] = s;
      this.smallerLeaf = left;
      this.largerLeaf = right;
      this.hasParent = true;
    } else {
      this.smallerLeaf = right;
      this.largerLeaf = left;
      this.hasParent = true;
    }
    return true;
  }

  private findBestSplits(): void {
    const ds = this.ds;
    const pool = this.pool;
    const nf = ds.numInner;
    const smallerSlot = this.slotOf[this.smallerLeaf];
    const largerSlot = this.largerLeaf >= 0 ? this.slotOf[this.largerLeaf] : -1;
    const splittable = pool.splittable;
    let used = this.allFeatures;
    let numUsed = 0;
    const list = this.usedList;
    for (let j = 0; j < nf; j++) {
      if (!this.usedByTree[j]) continue;
      if (this.hasParent && !splittable[largerSlot * nf + j]) {
        splittable[smallerSlot * nf + j] = 0;
        continue;
      }
      list[numUsed++] = j;
    }
    if (numUsed < nf) used = list.subarray(0, numUsed);
    if (numUsed === 0) {
      this.best[this.smallerLeaf].reset();
      if (this.largerLeaf >= 0) this.best[this.largerLeaf].reset();
      return;
    }

    const t0 = performance.now();
    const part = this.partition;
    const smallerBase = pool.slotOffset(smallerSlot);
    // All features are accumulated (the unrolled full-row loop beats skipping unused ones); only
    // the used ones are subtracted and searched.
    this.histogramBuilder.build(part.leafBegin[this.smallerLeaf], part.leafCount[this.smallerLeaf], smallerBase);
    const largerBase = largerSlot >= 0 ? pool.slotOffset(largerSlot) : -1;
    if (largerSlot >= 0) subtractHistogram(pool.data, largerBase, smallerBase, ds.binOffsets, used);
    const t1 = performance.now();
    this.timings.histogramMs += t1 - t0;

    const bestSmaller = this.best[this.smallerLeaf];
    bestSmaller.reset();
    const bestLarger = this.largerLeaf >= 0 ? this.best[this.largerLeaf] : null;
    if (bestLarger) bestLarger.reset();
    for (let q = 0; q < used.length; q++) {
      const j = used[q];
      this.searchFeature(j, smallerBase, this.smallerLeaf, smallerSlot, bestSmaller, splittable);
      if (bestLarger) this.searchFeature(j, largerBase, this.largerLeaf, largerSlot, bestLarger, splittable);
    }
    this.timings.splitFindMs += performance.now() - t1;
  }

  /** Best threshold of inner feature j in one leaf's histogram; records whether it can split. */
  private searchFeature(j: number, histBase: number, leaf: number, slot: number, best: SplitInfo, splittable: Uint8Array): void {
    const cand = this.candidate;
    cand.reset();
    const ok = findBestThreshold(
      this.pool.data,
      histBase + 2 * this.ds.binOffsets[j],
      this.metas[j],
      this.leafSumGradient[leaf],
      this.leafSumHessian[leaf],
      this.partition.leafCount[leaf],
      this.cfg,
      cand,
    );
    splittable[slot * this.ds.numInner + j] = ok ? 1 : 0;
    cand.feature = this.ds.innerToReal[j];
    cand.featureInner = j;
    if (isBetterSplit(cand, best)) best.copyFrom(cand);
  }

  /** Splits `leaf` with its best split; returns the new (right) leaf. */
  private split(tree: TreeBuilder, leaf: number): number {
    const ds = this.ds;
    const info = this.best[leaf];
    const j = info.featureInner;
    const real = info.feature;
    const newLeaf = tree.numLeaves;
    const part = this.partition;
    const t0 = performance.now();
    const gain = Math.fround(info.gain + this.cfg.minGainToSplit);
    const lut = this.goesLeft;
    const numBin = ds.numBin[j];
    if (!info.isCategorical) {
      const mapper = ds.mappers[real] as NumericBinMapper;
      for (let b = 0; b < numBin; b++) lut[b] = b <= info.threshold ? 1 : 0;
      if (mapper.missingType === MISSING_NAN) lut[numBin - 1] = info.defaultLeft ? 1 : 0;
      part.split(leaf, newLeaf, ds.columnBins, j * ds.numRows, lut);
      tree.splitNumeric(
        leaf,
        j,
        real,
        info.threshold,
        mapper.upperBounds[info.threshold],
        info.leftOutput,
        info.rightOutput,
        part.leafCount[leaf],
        part.leafCount[newLeaf],
        info.leftSumHessian,
        info.rightSumHessian,
        gain,
        mapper.missingType,
        info.defaultLeft,
      );
    } else {
      const mapper = ds.mappers[real] as CategoricalBinMapper;
      lut.fill(0, 0, numBin);
      for (const b of info.catBins) lut[b] = 1;
      part.split(leaf, newLeaf, ds.columnBins, j * ds.numRows, lut);
      tree.splitCategorical(
        leaf,
        j,
        real,
        info.catBins,
        info.catBins.map((b) => mapper.bin2cat[b]),
        info.leftOutput,
        info.rightOutput,
        part.leafCount[leaf],
        part.leafCount[newLeaf],
        info.leftSumHessian,
        info.rightSumHessian,
        gain,
        mapper.missingType,
      );
    }
    this.timings.partitionMs += performance.now() - t0;
    this.leafSumGradient[leaf] = info.leftSumGradient;
    this.leafSumHessian[leaf] = info.leftSumHessian;
    this.leafSumGradient[newLeaf] = info.rightSumGradient;
    this.leafSumHessian[newLeaf] = info.rightSumHessian;
    return newLeaf;
  }
}
