/**
 * Per-feature value -> bin mapping, as LightGBM's BinMapper builds it:
 *
 * - numeric: distinct values (zero counted as its own value), greedy bin finding with max_bin and
 *   min_data_in_bin, bin upper bounds at (the next double above) midpoints between distinct
 *   values, zero kept in its own bin between -kZeroThreshold and +kZeroThreshold, and a separate
 *   last bin for NaN when the feature has missing values (missing type NaN);
 * - categorical: non-negative integer codes sorted by frequency (ties by code), rare ones dropped
 *   as LightGBM does; bin 0 collects NaN, negative, dropped and unseen codes.
 *
 * A feature whose bins could never give a split with min_data_in_leaf rows on both sides is
 * "trivial" (LightGBM's feature_pre_filter) and is not used.
 */
import { doubleEqualOrdered, formatDouble17, nextUp, roundInt } from "./format";
import { MISSING_NAN, MISSING_NONE } from "../model/types";

/** LightGBM's kZeroThreshold (1e-35f). */
export const K_ZERO_THRESHOLD = Math.fround(1e-35);
/** LightGBM's kEpsilon (1e-15f). */
export const K_EPSILON = Math.fround(1e-15);
const K_SPARSE_THRESHOLD = 0.8;

export interface NumericBinMapper {
  kind: "numeric";
  numBin: number;
  /** MISSING_NONE or MISSING_NAN. */
  missingType: number;
  /** numBin upper bounds; the last is +Infinity, or NaN for the NaN bin. */
  upperBounds: Float64Array;
  minVal: number;
  maxVal: number;
  defaultBin: number;
  mostFreqBin: number;
  isTrivial: boolean;
}

export interface CategoricalBinMapper {
  kind: "categorical";
  numBin: number;
  /** MISSING_NONE when every category seen is kept and there is no NaN, else MISSING_NAN. */
  missingType: number;
  /** bin -> category code; bin 0 is -1 (NaN / other). */
  bin2cat: Int32Array;
  cat2bin: Map<number, number>;
  defaultBin: number;
  mostFreqBin: number;
  isTrivial: boolean;
}

export type BinMapper = NumericBinMapper | CategoricalBinMapper;

export interface BinningConfig {
  maxBin: number;
  minDataInBin: number;
  /** Rows each side a split needs (min_data_in_leaf scaled to the sample); 0 disables filtering. */
  filterCount: number;
}

function greedyFindBin(
  distinct: number[],
  counts: number[],
  start: number,
  numDistinct: number,
  maxBinIn: number,
  totalCnt: number,
  minDataInBin: number,
): number[] {
  const bounds: number[] = [];
  let maxBin = maxBinIn;
  if (numDistinct <= maxBin) {
    let cur = 0;
    for (let i = 0; i < numDistinct - 1; i++) {
      cur += counts[start + i];
      if (cur >= minDataInBin) {
        const val = nextUp((distinct[start + i] + distinct[start + i + 1]) / 2);
        if (bounds.length === 0 || !doubleEqualOrdered(bounds[bounds.length - 1], val)) {
          bounds.push(val);
          cur = 0;
        }
      }
    }
    bounds.push(Infinity);
    return bounds;
  }
  if (minDataInBin > 0) {
    maxBin = Math.min(maxBin, Math.trunc(totalCnt / minDataInBin));
    maxBin = Math.max(maxBin, 1);
  }
  let meanBinSize = totalCnt / maxBin;
  let restBinCnt = maxBin;
  let restSampleCnt = totalCnt;
  const isBig = new Uint8Array(numDistinct);
  for (let i = 0; i < numDistinct; i++) {
    if (counts[start + i] >= meanBinSize) {
      isBig[i] = 1;
      restBinCnt--;
      restSampleCnt -= counts[start + i];
    }
  }
  meanBinSize = restSampleCnt / restBinCnt;
  const upper: number[] = new Array<number>(maxBin).fill(Infinity);
  const lower: number[] = new Array<number>(maxBin).fill(Infinity);
  let binCnt = 0;
  lower[0] = distinct[start];
  let cur = 0;
  for (let i = 0; i < numDistinct - 1; i++) {
    if (!isBig[i]) restSampleCnt -= counts[start + i];
    cur += counts[start + i];
    if (
      isBig[i] ||
      cur >= meanBinSize ||
      (isBig[i + 1] && cur >= Math.max(1.0, meanBinSize * Math.fround(0.5)))
    ) {
      upper[binCnt] = distinct[start + i];
      binCnt++;
      lower[binCnt] = distinct[start + i + 1];
      if (binCnt >= maxBin - 1) break;
      cur = 0;
      if (!isBig[i]) {
        restBinCnt--;
        meanBinSize = restSampleCnt / restBinCnt;
      }
    }
  }
  binCnt++;
  for (let i = 0; i < binCnt - 1; i++) {
    const val = nextUp((upper[i] + lower[i + 1]) / 2);
    if (bounds.length === 0 || !doubleEqualOrdered(bounds[bounds.length - 1], val)) bounds.push(val);
  }
  bounds.push(Infinity);
  return bounds;
}

function findBinWithZeroAsOneBin(
  distinct: number[],
  counts: number[],
  maxBin: number,
  totalSampleCnt: number,
  minDataInBin: number,
): number[] {
  const n = distinct.length;
  let leftCntData = 0;
  let cntZero = 0;
  let rightCntData = 0;
  for (let i = 0; i < n; i++) {
    if (distinct[i] <= -K_ZERO_THRESHOLD) leftCntData += counts[i];
    else if (distinct[i] > K_ZERO_THRESHOLD) rightCntData += counts[i];
    else cntZero += counts[i];
  }
  let leftCnt = -1;
  for (let i = 0; i < n; i++) {
    if (distinct[i] > -K_ZERO_THRESHOLD) {
      leftCnt = i;
      break;
    }
  }
  if (leftCnt < 0) leftCnt = n;
  let bounds: number[] = [];
  if (leftCnt > 0 && maxBin > 1) {
    let leftMaxBin = Math.trunc((leftCntData / (totalSampleCnt - cntZero)) * (maxBin - 1));
    leftMaxBin = Math.max(1, leftMaxBin);
    bounds = greedyFindBin(distinct, counts, 0, leftCnt, leftMaxBin, leftCntData, minDataInBin);
    if (bounds.length > 0) bounds[bounds.length - 1] = -K_ZERO_THRESHOLD;
  }
  let rightStart = -1;
  for (let i = leftCnt; i < n; i++) {
    if (distinct[i] > K_ZERO_THRESHOLD) {
      rightStart = i;
      break;
    }
  }
  const rightMaxBin = maxBin - 1 - bounds.length;
  if (rightStart >= 0 && rightMaxBin > 0) {
    const right = greedyFindBin(distinct, counts, rightStart, n - rightStart, rightMaxBin, rightCntData, minDataInBin);
    bounds.push(K_ZERO_THRESHOLD);
    for (const b of right) bounds.push(b);
  } else {
    bounds.push(Infinity);
  }
  return bounds;
}

function needFilter(cntInBin: number[], totalCnt: number, filterCnt: number, categorical: boolean): boolean {
  if (!categorical) {
    let sumLeft = 0;
    for (let i = 0; i < cntInBin.length - 1; i++) {
      sumLeft += cntInBin[i];
      if (sumLeft >= filterCnt && totalCnt - sumLeft >= filterCnt) return false;
    }
    return true;
  }
  if (cntInBin.length <= 2) {
    for (let i = 0; i < cntInBin.length - 1; i++) {
      const sumLeft = cntInBin[i];
      if (sumLeft >= filterCnt && totalCnt - sumLeft >= filterCnt) return false;
    }
    return true;
  }
  return false;
}

function argMax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * Builds a numeric mapper from a feature's sampled values.
 * @param values sampled values of the feature (any order; NaN = missing); not modified
 */
export function buildNumericBinMapper(values: Float64Array, config: BinningConfig): NumericBinMapper {
  const totalCnt = values.length;
  let naCnt = 0;
  let nonZero = 0;
  for (let i = 0; i < totalCnt; i++) {
    const v = values[i];
    if (v !== v) naCnt++;
    else if (Math.abs(v) > K_ZERO_THRESHOLD) nonZero++;
  }
  const sorted = new Float64Array(nonZero);
  {
    let k = 0;
    for (let i = 0; i < totalCnt; i++) {
      const v = values[i];
      if (v === v && Math.abs(v) > K_ZERO_THRESHOLD) sorted[k++] = v;
    }
  }
  sorted.sort();
  const missingType = naCnt > 0 ? MISSING_NAN : MISSING_NONE;
  const zeroCnt = totalCnt - nonZero - naCnt;

  const distinct: number[] = [];
  const counts: number[] = [];
  const n = sorted.length;
  if (n === 0 || (sorted[0] > 0 && zeroCnt > 0)) {
    distinct.push(0);
    counts.push(zeroCnt);
  }
  if (n > 0) {
    distinct.push(sorted[0]);
    counts.push(1);
  }
  for (let i = 1; i < n; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    // prev is a normal double (|prev| > kZeroThreshold), so its ulp is at most |prev| * 2^-52:
    // a larger gap means distinct without the exact one-ulp check.
    if (cur - prev > Math.abs(prev) * 2.3e-16 || (cur !== prev && !doubleEqualOrdered(prev, cur))) {
      if (prev < 0 && cur > 0) {
        distinct.push(0);
        counts.push(zeroCnt);
      }
      distinct.push(cur);
      counts.push(1);
    } else {
      distinct[distinct.length - 1] = cur;
      counts[counts.length - 1]++;
    }
  }
  if (n > 0 && sorted[n - 1] < 0 && zeroCnt > 0) {
    distinct.push(0);
    counts.push(zeroCnt);
  }
  const minVal = distinct[0];
  const maxVal = distinct[distinct.length - 1];

  let bounds: number[];
  if (missingType === MISSING_NAN) {
    bounds = findBinWithZeroAsOneBin(distinct, counts, config.maxBin - 1, totalCnt - naCnt, config.minDataInBin);
    bounds.push(Number.NaN);
  } else {
    bounds = findBinWithZeroAsOneBin(distinct, counts, config.maxBin, totalCnt, config.minDataInBin);
  }
  const numBin = bounds.length;
  const cntInBin: number[] = new Array<number>(numBin).fill(0);
  {
    let iBin = 0;
    for (let i = 0; i < distinct.length; i++) {
      while (distinct[i] > bounds[iBin] && iBin < numBin - 1) iBin++;
      cntInBin[iBin] += counts[i];
    }
    if (missingType === MISSING_NAN) cntInBin[numBin - 1] = naCnt;
  }
  const mapper: NumericBinMapper = {
    kind: "numeric",
    numBin,
    missingType,
    upperBounds: Float64Array.from(bounds),
    minVal,
    maxVal,
    defaultBin: 0,
    mostFreqBin: 0,
    isTrivial: numBin <= 1,
  };
  if (!mapper.isTrivial && config.filterCount > 0 && needFilter(cntInBin, totalCnt, config.filterCount, false)) {
    mapper.isTrivial = true;
  }
  if (!mapper.isTrivial) {
    mapper.defaultBin = numericValueToBin(mapper, 0);
    setMostFreqBin(mapper, cntInBin, totalCnt);
  }
  return mapper;
}

function setMostFreqBin(mapper: BinMapper, cntInBin: number[], totalCnt: number): void {
  let most = argMax(cntInBin);
  const rate = cntInBin[most] / totalCnt;
  if (most !== mapper.defaultBin && rate < K_SPARSE_THRESHOLD) most = mapper.defaultBin;
  mapper.mostFreqBin = most;
}

/**
 * Builds a categorical mapper from a feature's sampled values (non-negative integer codes; NaN or
 * negative = missing; fractional codes are truncated as LightGBM's int cast does).
 */
export function buildCategoricalBinMapper(values: Float64Array, config: BinningConfig): CategoricalBinMapper {
  const totalCnt = values.length;
  let naCnt = 0;
  const countByCat = new Map<number, number>();
  for (let i = 0; i < totalCnt; i++) {
    const v = values[i];
    if (v !== v) {
      naCnt++;
      continue;
    }
    const c = Math.trunc(v);
    if (c < 0 || c > 2147483647) {
      naCnt++;
      continue;
    }
    const key = c === 0 ? 0 : c;
    countByCat.set(key, (countByCat.get(key) ?? 0) + 1);
  }
  const cats = [...countByCat.keys()].sort((a, b) => a - b);
  // Stable sort by count, descending; ties keep ascending code order.
  const order = cats.map((c, i) => ({ c, n: countByCat.get(c)!, i }));
  order.sort((a, b) => (b.n !== a.n ? b.n - a.n : a.i - b.i));

  const bin2cat: number[] = [-1];
  const cat2bin = new Map<number, number>();
  const cntInBin: number[] = [0];
  let numBin = 1;
  let missingType = MISSING_NAN;
  const restCnt = totalCnt - naCnt;
  if (restCnt > 0) {
    const cutCnt = roundInt((totalCnt - naCnt) * Math.fround(0.99));
    let distinctCnt = order.length;
    if (naCnt > 0) distinctCnt++;
    const maxBin = Math.min(distinctCnt, config.maxBin);
    let usedCnt = 0;
    let cur = 0;
    while (cur < order.length && (usedCnt < cutCnt || numBin < maxBin)) {
      if (order[cur].n < config.minDataInBin && cur > 1) break;
      bin2cat.push(order[cur].c);
      cat2bin.set(order[cur].c, numBin);
      usedCnt += order[cur].n;
      cntInBin.push(order[cur].n);
      numBin++;
      cur++;
    }
    missingType = cur === order.length && naCnt === 0 ? MISSING_NONE : MISSING_NAN;
    cntInBin[0] = totalCnt - usedCnt;
  }
  const mapper: CategoricalBinMapper = {
    kind: "categorical",
    numBin,
    missingType,
    bin2cat: Int32Array.from(bin2cat),
    cat2bin,
    defaultBin: 0,
    mostFreqBin: 0,
    isTrivial: numBin <= 1,
  };
  if (!mapper.isTrivial && config.filterCount > 0 && needFilter(cntInBin, totalCnt, config.filterCount, true)) {
    mapper.isTrivial = true;
  }
  if (!mapper.isTrivial) {
    mapper.defaultBin = categoricalValueToBin(mapper, 0);
    setMostFreqBin(mapper, cntInBin, totalCnt);
  }
  return mapper;
}

export function numericValueToBin(mapper: NumericBinMapper, value: number): number {
  let v = value;
  if (v !== v) {
    if (mapper.missingType === MISSING_NAN) return mapper.numBin - 1;
    v = 0;
  }
  const ub = mapper.upperBounds;
  let l = 0;
  let r = mapper.numBin - 1;
  if (mapper.missingType === MISSING_NAN) r -= 1;
  while (l < r) {
    const m = (r + l - 1) >> 1;
    if (v <= ub[m]) r = m;
    else l = m + 1;
  }
  return l;
}

export function categoricalValueToBin(mapper: CategoricalBinMapper, value: number): number {
  if (value !== value) return 0;
  const c = Math.trunc(value);
  if (c < 0) return 0;
  return mapper.cat2bin.get(c === 0 ? 0 : c) ?? 0;
}

export function valueToBin(mapper: BinMapper, value: number): number {
  return mapper.kind === "numeric" ? numericValueToBin(mapper, value) : categoricalValueToBin(mapper, value);
}

/** The feature_infos entry LightGBM writes for this mapper. */
export function binMapperInfo(mapper: BinMapper | null): string {
  if (mapper === null || mapper.isTrivial) return "none";
  if (mapper.kind === "categorical") return Array.from(mapper.bin2cat).join(":");
  return `[${formatDouble17(mapper.minVal)}:${formatDouble17(mapper.maxVal)}]`;
}
