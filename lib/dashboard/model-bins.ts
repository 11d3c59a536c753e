/**
 * Groups numeric values into at most `k` ordered bins for colouring points low → high. Equal
 * values always share a bin. With at most `k` distinct values each gets its own bin, spread over
 * the scale (0/1 flags become the two extremes); otherwise a value's bin is its mid-rank
 * percentile, so each bin holds about n/k values whatever the distribution's skew.
 */
export interface ValueBins {
  /** Bin of each input value, 0..k-1. */
  bin: number[];
  /** Per bin: smallest and largest value in it, null when the bin is empty. */
  ranges: Array<{ min: number; max: number } | null>;
}

export function valueBins(values: readonly number[], k: number): ValueBins {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
  const binOfDistinct = new Map<number, number>();
  if (distinct.length <= k) {
    distinct.forEach((v, i) => binOfDistinct.set(v, distinct.length === 1 ? Math.floor((k - 1) / 2) : Math.round((i * (k - 1)) / (distinct.length - 1))));
  } else {
    const n = sorted.length;
    let start = 0;
    for (const v of distinct) {
      let end = start;
      while (end < n && sorted[end] === v) end++;
      const midRank = (start + end - 1) / 2;
      binOfDistinct.set(v, Math.min(k - 1, Math.floor((midRank / (n - 1)) * k)));
      start = end;
    }
  }
  const bin = values.map((v) => binOfDistinct.get(v) as number);
  const ranges: ValueBins["ranges"] = Array.from({ length: k }, () => null);
  for (const v of distinct) {
    const b = binOfDistinct.get(v) as number;
    const r = ranges[b];
    ranges[b] = r ? { min: Math.min(r.min, v), max: Math.max(r.max, v) } : { min: v, max: v };
  }
  return { bin, ranges };
}
