/**
 * Best split of one leaf on one feature from its histogram, following LightGBM's FeatureHistogram:
 *
 * - gain of a leaf: ThresholdL1(G, lambda_l1)^2 / (H + lambda_l2); a split must beat the parent's
 *   gain plus min_gain_to_split, and both sides need min_data_in_leaf rows (estimated, as LightGBM
 *   does, from the hessians: count ~ round(h * numData / H)) and min_sum_hessian_in_leaf;
 * - numeric features: bins scanned from the right (missing values then go left) and, when the
 *   feature has a NaN bin, also from the left with the NaN bin kept on the right, keeping the best;
 * - categorical features: one category vs the rest when the feature has at most max_cat_to_onehot
 *   bins; otherwise categories with at least cat_smooth rows sorted by G / (H + cat_smooth) and
 *   prefixes from both ends (up to max_cat_threshold categories, in groups of min_data_per_group
 *   rows) tried with lambda_l2 + cat_l2. Bin 0 (NaN / rare / unseen) always goes right.
 */
import { MISSING_NAN, MISSING_NONE } from "../model/types";
import { K_EPSILON } from "./bin-mapper";
import { roundInt } from "./format";

export interface SplitConfig {
  lambdaL1: number;
  lambdaL2: number;
  minGainToSplit: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  catL2: number;
  catSmooth: number;
  maxCatThreshold: number;
  maxCatToOnehot: number;
  minDataPerGroup: number;
}

export interface FeatureMeta {
  numBin: number;
  missingType: number;
  /** 1 when the most frequent bin is bin 0 (LightGBM then rebuilds bin 0 from the leaf totals). */
  offset: number;
  isCategorical: boolean;
}

const NO_BINS: readonly number[] = Object.freeze([]);

/** LightGBM's SplitInfo; gain is relative to the parent (gain - parent gain - min_gain_to_split). */
export class SplitInfo {
  gain = -Infinity;
  /** Original feature index, -1 for none. */
  feature = -1;
  featureInner = -1;
  /** Numeric: last bin going left. */
  threshold = 0;
  defaultLeft = true;
  isCategorical = false;
  /** Categorical: bins going left. */
  catBins: readonly number[] = NO_BINS;
  leftCount = 0;
  rightCount = 0;
  leftSumGradient = 0;
  leftSumHessian = 0;
  rightSumGradient = 0;
  rightSumHessian = 0;
  leftOutput = 0;
  rightOutput = 0;

  reset(): void {
    this.gain = -Infinity;
    this.feature = -1;
    this.featureInner = -1;
    this.threshold = 0;
    this.defaultLeft = true;
    this.isCategorical = false;
    this.catBins = NO_BINS;
    this.leftCount = 0;
    this.rightCount = 0;
    this.leftSumGradient = 0;
    this.leftSumHessian = 0;
    this.rightSumGradient = 0;
    this.rightSumHessian = 0;
    this.leftOutput = 0;
    this.rightOutput = 0;
  }

  copyFrom(o: SplitInfo): void {
    this.gain = o.gain;
    this.feature = o.feature;
    this.featureInner = o.featureInner;
    this.threshold = o.threshold;
    this.defaultLeft = o.defaultLeft;
    this.isCategorical = o.isCategorical;
    this.catBins = o.catBins;
    this.leftCount = o.leftCount;
    this.rightCount = o.rightCount;
    this.leftSumGradient = o.leftSumGradient;
    this.leftSumHessian = o.leftSumHessian;
    this.rightSumGradient = o.rightSumGradient;
    this.rightSumHessian = o.rightSumHessian;
    this.leftOutput = o.leftOutput;
    this.rightOutput = o.rightOutput;
  }
}

/** LightGBM's SplitInfo::operator>: larger gain, ties to the smaller feature index. */
export function isBetterSplit(a: SplitInfo, b: SplitInfo): boolean {
  const ga = Number.isNaN(a.gain) ? -Infinity : a.gain;
  const gb = Number.isNaN(b.gain) ? -Infinity : b.gain;
  if (ga !== gb) return ga > gb;
  const fa = a.feature === -1 ? 2147483647 : a.feature;
  const fb = b.feature === -1 ? 2147483647 : b.feature;
  return fa < fb;
}

export function thresholdL1(s: number, l1: number): number {
  const reg = Math.max(0, Math.abs(s) - l1);
  return s > 0 ? reg : s < 0 ? -reg : 0;
}

export function leafOutput(sumGradient: number, sumHessian: number, l1: number, l2: number): number {
  return -thresholdL1(sumGradient, l1) / (sumHessian + l2);
}

export function leafGain(sumGradient: number, sumHessian: number, l1: number, l2: number): number {
  const g = l1 > 0 ? thresholdL1(sumGradient, l1) : sumGradient;
  return (g * g) / (sumHessian + l2);
}

/**
 * Finds the best split of a leaf (totals sumGradient / sumHessian over numData rows) on one
 * feature whose histogram bins start at hist[base] ([g, h] per bin). Writes into `out` (feature
 * ids are left to the caller) and returns whether any split beat the no-split gain (LightGBM's
 * is_splittable).
 */
export function findBestThreshold(
  hist: Float64Array,
  base: number,
  meta: FeatureMeta,
  sumGradient: number,
  sumHessianIn: number,
  numData: number,
  cfg: SplitConfig,
  out: SplitInfo,
): boolean {
  out.defaultLeft = true;
  out.gain = -Infinity;
  const sumHessian = sumHessianIn + 2 * K_EPSILON;
  if (meta.isCategorical) {
    out.isCategorical = true;
    return findBestCategorical(hist, base, meta, sumGradient, sumHessian, numData, cfg, out);
  }
  out.isCategorical = false;
  const minGainShift = leafGain(sumGradient, sumHessian, cfg.lambdaL1, cfg.lambdaL2) + cfg.minGainToSplit;
  let splittable = false;
  if (meta.numBin > 2 && meta.missingType !== MISSING_NONE) {
    // Only NaN missing values are produced by this trainer's binning (no zero_as_missing).
    splittable = scanNumeric(hist, base, meta, sumGradient, sumHessian, numData, cfg, minGainShift, true, true, out);
    splittable =
      scanNumeric(hist, base, meta, sumGradient, sumHessian, numData, cfg, minGainShift, false, true, out) ||
      splittable;
  } else {
    splittable = scanNumeric(hist, base, meta, sumGradient, sumHessian, numData, cfg, minGainShift, true, false, out);
    if (meta.missingType === MISSING_NAN) out.defaultLeft = false;
  }
  return splittable;
}

function scanNumeric(
  hist: Float64Array,
  base: number,
  meta: FeatureMeta,
  sumGradient: number,
  sumHessian: number,
  numData: number,
  cfg: SplitConfig,
  minGainShift: number,
  reverse: boolean,
  naAsMissing: boolean,
  out: SplitInfo,
): boolean {
  const l1 = cfg.lambdaL1;
  const l2 = cfg.lambdaL2;
  const minData = cfg.minDataInLeaf;
  const minHess = cfg.minSumHessianInLeaf;
  const numBin = meta.numBin;
  const cntFactor = numData / sumHessian;
  let splittable = false;
  let bestLeftG = Number.NaN;
  let bestLeftH = Number.NaN;
  let bestGain = -Infinity;
  let bestLeftCount = 0;
  let bestThreshold = numBin;
  if (reverse) {
    let sumRG = 0;
    let sumRH = K_EPSILON;
    let rightCount = 0;
    // Bins from the last regular one down to 1; bin 0 always stays left.
    let p = base + 2 * (numBin - 1 - (naAsMissing ? 1 : 0));
    const pEnd = base + 2;
    for (; p >= pEnd; p -= 2) {
      const h = hist[p + 1];
      sumRG += hist[p];
      sumRH += h;
      rightCount += Math.trunc(h * cntFactor + 0.5);
      if (rightCount < minData || sumRH < minHess) continue;
      const leftCount = numData - rightCount;
      if (leftCount < minData) break;
      const sumLH = sumHessian - sumRH;
      if (sumLH < minHess) break;
      const sumLG = sumGradient - sumRG;
      const gain = leafGain(sumLG, sumLH, l1, l2) + leafGain(sumRG, sumRH, l1, l2);
      if (gain <= minGainShift) continue;
      splittable = true;
      if (gain > bestGain) {
        bestLeftCount = leftCount;
        bestLeftG = sumLG;
        bestLeftH = sumLH;
        bestThreshold = (p - base) / 2 - 1;
        bestGain = gain;
      }
    }
  } else {
    let sumLG = 0;
    let sumLH = K_EPSILON;
    let leftCount = 0;
    // LightGBM does not store the histogram of a most-frequent bin 0: it is then the leaf total
    // minus all other bins (which only matters for rounding).
    const residualBin0 = naAsMissing && meta.offset === 1;
    if (residualBin0) {
      sumLG = sumGradient;
      sumLH = sumHessian - K_EPSILON;
      leftCount = numData;
      for (let p = base + 2; p < base + 2 * numBin; p += 2) {
        const h = hist[p + 1];
        sumLG -= hist[p];
        sumLH -= h;
        leftCount -= Math.trunc(h * cntFactor + 0.5);
      }
    }
    // Thresholds 0 .. numBin-2: with a NaN bin the last one leaves only NaN on the right.
    const last = numBin - 2;
    for (let bin = 0; bin <= last; bin++) {
      if (!(residualBin0 && bin === 0)) {
        const p = base + 2 * bin;
        const h = hist[p + 1];
        sumLG += hist[p];
        sumLH += h;
        leftCount += Math.trunc(h * cntFactor + 0.5);
      }
      if (leftCount < minData || sumLH < minHess) continue;
      const rightCount = numData - leftCount;
      if (rightCount < minData) break;
      const sumRH = sumHessian - sumLH;
      if (sumRH < minHess) break;
      const sumRG = sumGradient - sumLG;
      const gain = leafGain(sumLG, sumLH, l1, l2) + leafGain(sumRG, sumRH, l1, l2);
      if (gain <= minGainShift) continue;
      splittable = true;
      if (gain > bestGain) {
        bestLeftCount = leftCount;
        bestLeftG = sumLG;
        bestLeftH = sumLH;
        bestThreshold = bin;
        bestGain = gain;
      }
    }
  }
  if (splittable && bestGain > out.gain + minGainShift) {
    out.threshold = bestThreshold;
    out.leftOutput = leafOutput(bestLeftG, bestLeftH, l1, l2);
    out.leftCount = bestLeftCount;
    out.leftSumGradient = bestLeftG;
    out.leftSumHessian = bestLeftH - K_EPSILON;
    out.rightOutput = leafOutput(sumGradient - bestLeftG, sumHessian - bestLeftH, l1, l2);
    out.rightCount = numData - bestLeftCount;
    out.rightSumGradient = sumGradient - bestLeftG;
    out.rightSumHessian = sumHessian - bestLeftH - K_EPSILON;
    out.gain = bestGain - minGainShift;
    out.defaultLeft = reverse;
  }
  return splittable;
}

function findBestCategorical(
  hist: Float64Array,
  base: number,
  meta: FeatureMeta,
  sumGradient: number,
  sumHessian: number,
  numData: number,
  cfg: SplitConfig,
  out: SplitInfo,
): boolean {
  out.defaultLeft = false;
  const l1 = cfg.lambdaL1;
  const minData = cfg.minDataInLeaf;
  const minHess = cfg.minSumHessianInLeaf;
  const minGainShift = leafGain(sumGradient, sumHessian, l1, cfg.lambdaL2) + cfg.minGainToSplit;
  const numBin = meta.numBin;
  const cntFactor = numData / sumHessian;
  let l2 = cfg.lambdaL2;
  const useOnehot = numBin <= cfg.maxCatToOnehot;
  let splittable = false;
  let bestGain = -Infinity;
  let bestLeftCount = 0;
  let bestLeftG = 0;
  let bestLeftH = 0;
  let bestThreshold = -1;
  let bestDir = 1;
  let sorted: number[] = [];

  if (useOnehot) {
    for (let bin = 1; bin < numBin; bin++) {
      const g = hist[base + 2 * bin];
      const h = hist[base + 2 * bin + 1];
      const cnt = roundInt(h * cntFactor);
      if (cnt < minData || h < minHess) continue;
      const otherCount = numData - cnt;
      if (otherCount < minData) continue;
      const sumOtherH = sumHessian - h - K_EPSILON;
      if (sumOtherH < minHess) continue;
      const sumOtherG = sumGradient - g;
      const gain = leafGain(sumOtherG, sumOtherH, l1, l2) + leafGain(g, h + K_EPSILON, l1, l2);
      if (gain <= minGainShift) continue;
      splittable = true;
      if (gain > bestGain) {
        bestThreshold = bin;
        bestLeftG = g;
        bestLeftH = h + K_EPSILON;
        bestLeftCount = cnt;
        bestGain = gain;
      }
    }
  } else {
    for (let bin = 1; bin < numBin; bin++) {
      if (roundInt(hist[base + 2 * bin + 1] * cntFactor) >= cfg.catSmooth) sorted.push(bin);
    }
    const usedBin = sorted.length;
    l2 += cfg.catL2;
    const smooth = cfg.catSmooth;
    const ctr = (bin: number) => hist[base + 2 * bin] / (hist[base + 2 * bin + 1] + smooth);
    // Array.prototype.sort is stable.
    sorted = sorted.map((bin) => ({ bin, key: ctr(bin) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((e) => e.bin);
    const maxNumCat = Math.min(cfg.maxCatThreshold, (usedBin + 1) >> 1);
    for (const dir of [1, -1]) {
      let pos = dir === 1 ? 0 : usedBin - 1;
      let cntCurGroup = 0;
      let sumLG = 0;
      let sumLH = K_EPSILON;
      let leftCount = 0;
      for (let i = 0; i < usedBin && i < maxNumCat; i++) {
        const bin = sorted[pos];
        pos += dir;
        const g = hist[base + 2 * bin];
        const h = hist[base + 2 * bin + 1];
        const cnt = roundInt(h * cntFactor);
        sumLG += g;
        sumLH += h;
        leftCount += cnt;
        cntCurGroup += cnt;
        if (leftCount < minData || sumLH < minHess) continue;
        const rightCount = numData - leftCount;
        if (rightCount < minData || rightCount < cfg.minDataPerGroup) break;
        const sumRH = sumHessian - sumLH;
        if (sumRH < minHess) break;
        if (cntCurGroup < cfg.minDataPerGroup) continue;
        cntCurGroup = 0;
        const sumRG = sumGradient - sumLG;
        const gain = leafGain(sumLG, sumLH, l1, l2) + leafGain(sumRG, sumRH, l1, l2);
        if (gain <= minGainShift) continue;
        splittable = true;
        if (gain > bestGain) {
          bestLeftCount = leftCount;
          bestLeftG = sumLG;
          bestLeftH = sumLH;
          bestThreshold = i;
          bestGain = gain;
          bestDir = dir;
        }
      }
    }
  }

  if (splittable) {
    out.leftOutput = leafOutput(bestLeftG, bestLeftH, l1, l2);
    out.leftCount = bestLeftCount;
    out.leftSumGradient = bestLeftG;
    out.leftSumHessian = bestLeftH - K_EPSILON;
    out.rightOutput = leafOutput(sumGradient - bestLeftG, sumHessian - bestLeftH, l1, l2);
    out.rightCount = numData - bestLeftCount;
    out.rightSumGradient = sumGradient - bestLeftG;
    out.rightSumHessian = sumHessian - bestLeftH - K_EPSILON;
    out.gain = bestGain - minGainShift;
    if (useOnehot) {
      out.catBins = [bestThreshold];
    } else {
      const n = bestThreshold + 1;
      const bins: number[] = [];
      for (let i = 0; i < n; i++) bins.push(bestDir === 1 ? sorted[i] : sorted[sorted.length - 1 - i]);
      out.catBins = bins;
    }
  }
  return splittable;
}
