/**
 * Gradient histograms: for each (feature, bin) the sum of gradients and of hessians of a leaf's
 * rows, interleaved [g, h] in one Float64Array slot of 2 * totalBins doubles (LightGBM's hist_t
 * layout; counts are not stored: as in LightGBM 4 they are estimated from hessians when needed).
 * Built row-wise from the row-major global-bin matrix; the larger child of a split is obtained by
 * subtracting the smaller child's histogram from its parent's.
 */
import type { BinArray } from "./dataset";

export class HistogramPool {
  /** numSlots * slotSize doubles. */
  readonly data: Float64Array;
  readonly slotSize: number;
  /** Per slot and inner feature: whether the feature could still be split (LightGBM's is_splittable). */
  readonly splittable: Uint8Array;

  constructor(numSlots: number, totalBins: number, numFeatures: number) {
    this.slotSize = 2 * totalBins;
    this.data = new Float64Array(numSlots * this.slotSize);
    this.splittable = new Uint8Array(numSlots * numFeatures).fill(1);
  }

  slotOffset(slot: number): number {
    return slot * this.slotSize;
  }
}

/**
 * Clears the histogram slot at `out[base ..]` and adds the contiguous rows begin .. begin+count
 * (leaf-ordered bins and gradients) for every feature. `bins` holds global bins, `stride` per row.
 * The inner loop is unrolled by four features (about 2.5x faster in V8).
 */
export function constructHistogram(
  bins: BinArray,
  stride: number,
  totalBins: number,
  begin: number,
  count: number,
  gradients: Float32Array,
  hessians: Float32Array,
  out: Float64Array,
  base: number,
): void {
  out.fill(0, base, base + 2 * totalBins);
  const end = begin + count;
  const stride4 = stride - (stride & 3);
  for (let r = begin; r < end; r++) {
    const g = gradients[r];
    const h = hessians[r];
    const rowBase = r * stride;
    let j = 0;
    for (; j < stride4; j += 4) {
      const q = rowBase + j;
      const p0 = base + (bins[q] << 1);
      const p1 = base + (bins[q + 1] << 1);
      const p2 = base + (bins[q + 2] << 1);
      const p3 = base + (bins[q + 3] << 1);
      out[p0] += g;
      out[p0 + 1] += h;
      out[p1] += g;
      out[p1 + 1] += h;
      out[p2] += g;
      out[p2 + 1] += h;
      out[p3] += g;
      out[p3 + 1] += h;
    }
    for (; j < stride; j++) {
      const p = base + (bins[rowBase + j] << 1);
      out[p] += g;
      out[p + 1] += h;
    }
  }
}

/** target -= source over the listed features' bins (both histograms in `data`). */
export function subtractHistogram(
  data: Float64Array,
  targetBase: number,
  sourceBase: number,
  binOffsets: Int32Array,
  features: Int32Array,
): void {
  for (let q = 0; q < features.length; q++) {
    const j = features[q];
    const from = 2 * binOffsets[j];
    const to = 2 * binOffsets[j + 1];
    for (let i = from; i < to; i++) data[targetBase + i] -= data[sourceBase + i];
  }
}
