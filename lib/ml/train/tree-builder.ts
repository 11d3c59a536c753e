/**
 * A tree under construction, with LightGBM's Tree semantics: internal nodes 0..numLeaves-2, a
 * child < 0 is leaf ~child; splitting leaf L keeps the left child as leaf L and adds the right
 * child as leaf numLeaves. Besides the real thresholds / category bitsets written to the model,
 * it keeps the bin-space ones used to route binned rows during training.
 */
import type { Tree } from "../model/types";
import { DECISION_CATEGORICAL, DECISION_DEFAULT_LEFT, MISSING_NAN } from "../model/types";
import { K_ZERO_THRESHOLD } from "./bin-mapper";
import type { BinArray } from "./dataset";

function maybeRoundToZero(x: number): number {
  return x > K_ZERO_THRESHOLD || x < -K_ZERO_THRESHOLD ? x : 0;
}

function avoidInf(x: number): number {
  if (x !== x) return 0;
  if (x >= 1e300) return 1e300;
  if (x <= -1e300) return -1e300;
  return x;
}

/** LightGBM's Common::ConstructBitset over non-negative integers. */
export function constructBitset(values: readonly number[]): number[] {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const words: number[] = new Array<number>((max >>> 5) + 1).fill(0);
  for (const v of values) words[v >>> 5] = (words[v >>> 5] | (1 << (v & 31))) >>> 0;
  return words;
}

export class TreeBuilder {
  readonly maxLeaves: number;
  numLeaves = 1;
  numCat = 0;
  shrinkage = 1;
  readonly splitFeatureInner: Int32Array;
  readonly splitFeature: Int32Array;
  readonly splitGain: Float32Array;
  readonly thresholdInBin: Int32Array;
  readonly threshold: Float64Array;
  readonly decisionType: Uint8Array;
  readonly leftChild: Int32Array;
  readonly rightChild: Int32Array;
  readonly internalValue: Float64Array;
  readonly internalWeight: Float64Array;
  readonly internalCount: Float64Array;
  readonly leafParent: Int32Array;
  readonly leafValue: Float64Array;
  readonly leafWeight: Float64Array;
  readonly leafCount: Float64Array;
  readonly leafDepth: Int32Array;
  readonly catBoundaries: number[] = [0];
  readonly catThreshold: number[] = [];
  readonly catBoundariesInner: number[] = [0];
  readonly catThresholdInner: number[] = [];

  constructor(maxLeaves: number) {
    this.maxLeaves = maxLeaves;
    const nodes = Math.max(1, maxLeaves - 1);
    this.splitFeatureInner = new Int32Array(nodes);
    this.splitFeature = new Int32Array(nodes);
    this.splitGain = new Float32Array(nodes);
    this.thresholdInBin = new Int32Array(nodes);
    this.threshold = new Float64Array(nodes);
    this.decisionType = new Uint8Array(nodes);
    this.leftChild = new Int32Array(nodes);
    this.rightChild = new Int32Array(nodes);
    this.internalValue = new Float64Array(nodes);
    this.internalWeight = new Float64Array(nodes);
    this.internalCount = new Float64Array(nodes);
    this.leafParent = new Int32Array(maxLeaves).fill(-1);
    this.leafValue = new Float64Array(maxLeaves);
    this.leafWeight = new Float64Array(maxLeaves);
    this.leafCount = new Float64Array(maxLeaves);
    this.leafDepth = new Int32Array(maxLeaves);
  }

  setLeafOutput(leaf: number, value: number): void {
    this.leafValue[leaf] = maybeRoundToZero(value);
  }

  private splitCommon(
    leaf: number,
    featureInner: number,
    featureReal: number,
    leftValue: number,
    rightValue: number,
    leftCnt: number,
    rightCnt: number,
    leftWeight: number,
    rightWeight: number,
    gain: number,
  ): number {
    const node = this.numLeaves - 1;
    const parent = this.leafParent[leaf];
    if (parent >= 0) {
      if (this.leftChild[parent] === ~leaf) this.leftChild[parent] = node;
      else this.rightChild[parent] = node;
    }
    this.splitFeatureInner[node] = featureInner;
    this.splitFeature[node] = featureReal;
    this.splitGain[node] = gain;
    this.leftChild[node] = ~leaf;
    this.rightChild[node] = ~this.numLeaves;
    this.leafParent[leaf] = node;
    this.leafParent[this.numLeaves] = node;
    this.internalWeight[node] = this.leafWeight[leaf];
    this.internalValue[node] = this.leafValue[leaf];
    this.internalCount[node] = leftCnt + rightCnt;
    this.leafValue[leaf] = Number.isNaN(leftValue) ? 0 : leftValue;
    this.leafWeight[leaf] = leftWeight;
    this.leafCount[leaf] = leftCnt;
    this.leafValue[this.numLeaves] = Number.isNaN(rightValue) ? 0 : rightValue;
    this.leafWeight[this.numLeaves] = rightWeight;
    this.leafCount[this.numLeaves] = rightCnt;
    this.leafDepth[this.numLeaves] = this.leafDepth[leaf] + 1;
    this.leafDepth[leaf]++;
    return node;
  }

  /** Numeric split; returns the new (right) leaf. */
  splitNumeric(
    leaf: number,
    featureInner: number,
    featureReal: number,
    thresholdBin: number,
    thresholdDouble: number,
    leftValue: number,
    rightValue: number,
    leftCnt: number,
    rightCnt: number,
    leftWeight: number,
    rightWeight: number,
    gain: number,
    missingType: number,
    defaultLeft: boolean,
  ): number {
    const node = this.splitCommon(
      leaf, featureInner, featureReal, leftValue, rightValue, leftCnt, rightCnt, leftWeight, rightWeight, gain,
    );
    this.decisionType[node] = (defaultLeft ? DECISION_DEFAULT_LEFT : 0) | ((missingType & 3) << 2);
    this.thresholdInBin[node] = thresholdBin;
    this.threshold[node] = avoidInf(thresholdDouble);
    this.numLeaves++;
    return this.numLeaves - 1;
  }

  /** Categorical split sending the given bins (and their category codes) left; returns the new leaf. */
  splitCategorical(
    leaf: number,
    featureInner: number,
    featureReal: number,
    leftBins: readonly number[],
    leftCategories: readonly number[],
    leftValue: number,
    rightValue: number,
    leftCnt: number,
    rightCnt: number,
    leftWeight: number,
    rightWeight: number,
    gain: number,
    missingType: number,
  ): number {
    const node = this.splitCommon(
      leaf, featureInner, featureReal, leftValue, rightValue, leftCnt, rightCnt, leftWeight, rightWeight, gain,
    );
    this.decisionType[node] = DECISION_CATEGORICAL | ((missingType & 3) << 2);
    this.thresholdInBin[node] = this.numCat;
    this.threshold[node] = this.numCat;
    const inner = constructBitset(leftBins);
    const real = constructBitset(leftCategories);
    this.catBoundariesInner.push(this.catBoundariesInner[this.catBoundariesInner.length - 1] + inner.length);
    for (const w of inner) this.catThresholdInner.push(w);
    this.catBoundaries.push(this.catBoundaries[this.catBoundaries.length - 1] + real.length);
    for (const w of real) this.catThreshold.push(w);
    this.numCat++;
    this.numLeaves++;
    return this.numLeaves - 1;
  }

  applyShrinkage(rate: number): void {
    for (let i = 0; i < this.numLeaves - 1; i++) {
      this.leafValue[i] = maybeRoundToZero(this.leafValue[i] * rate);
      this.internalValue[i] = maybeRoundToZero(this.internalValue[i] * rate);
    }
    this.leafValue[this.numLeaves - 1] = maybeRoundToZero(this.leafValue[this.numLeaves - 1] * rate);
    this.shrinkage *= rate;
  }

  /** Folds a constant (the initial score) into every node value; the shrinkage becomes 1. */
  addBias(value: number): void {
    for (let i = 0; i < this.numLeaves - 1; i++) {
      this.leafValue[i] = maybeRoundToZero(this.leafValue[i] + value);
      this.internalValue[i] = maybeRoundToZero(this.internalValue[i] + value);
    }
    this.leafValue[this.numLeaves - 1] = maybeRoundToZero(this.leafValue[this.numLeaves - 1] + value);
    this.shrinkage = 1;
  }

  /** Turns the tree into a single leaf with the given value (LightGBM's AsConstantTree). */
  asConstant(value: number): void {
    this.numLeaves = 1;
    this.numCat = 0;
    this.catBoundaries.length = 1;
    this.catThreshold.length = 0;
    this.catBoundariesInner.length = 1;
    this.catThresholdInner.length = 0;
    this.shrinkage = 1;
    this.leafValue[0] = value;
    this.leafWeight[0] = 0;
    this.leafCount[0] = 0;
  }

  /** Leaf reached by row `row` of a row-major matrix of histogram positions (dataset.bins). */
  leafOfBinnedRow(bins: BinArray, stride: number, row: number, binOffsets: Int32Array, numBin: Int32Array): number {
    if (this.numLeaves <= 1) return 0;
    const base = row * stride;
    let node = 0;
    while (node >= 0) {
      const f = this.splitFeatureInner[node];
      const bin = (bins[base + f] >>> 1) - binOffsets[f];
      const dt = this.decisionType[node];
      let goLeft: boolean;
      if ((dt & DECISION_CATEGORICAL) !== 0) {
        const ci = this.thresholdInBin[node];
        const start = this.catBoundariesInner[ci];
        const nWords = this.catBoundariesInner[ci + 1] - start;
        const w = bin >>> 5;
        goLeft = w < nWords && ((this.catThresholdInner[start + w] >>> (bin & 31)) & 1) === 1;
      } else if (((dt >> 2) & 3) === MISSING_NAN && bin === numBin[f] - 1) {
        goLeft = (dt & DECISION_DEFAULT_LEFT) !== 0;
      } else {
        goLeft = bin <= this.thresholdInBin[node];
      }
      node = goLeft ? this.leftChild[node] : this.rightChild[node];
    }
    return ~node;
  }

  toTree(): Tree {
    const nl = this.numLeaves;
    const ni = Math.max(0, nl - 1);
    return {
      numLeaves: nl,
      numCat: this.numCat,
      splitFeature: this.splitFeature.slice(0, ni),
      splitGain: Float64Array.from(this.splitGain.subarray(0, ni)),
      threshold: this.threshold.slice(0, ni),
      decisionType: this.decisionType.slice(0, ni),
      leftChild: this.leftChild.slice(0, ni),
      rightChild: this.rightChild.slice(0, ni),
      leafValue: this.leafValue.slice(0, nl),
      leafWeight: this.leafWeight.slice(0, nl),
      leafCount: this.leafCount.slice(0, nl),
      internalValue: this.internalValue.slice(0, ni),
      internalWeight: this.internalWeight.slice(0, ni),
      internalCount: this.internalCount.slice(0, ni),
      catBoundaries: Int32Array.from(this.catBoundaries),
      catThreshold: Uint32Array.from(this.catThreshold),
      shrinkage: this.shrinkage,
    };
  }
}
