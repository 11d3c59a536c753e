import { describe, expect, it } from "vitest";
import { constructHistogramRange, makeHistogramKernel, subtractHistogram } from "@/lib/ml/train/histogram";
import { HistogramBuilder } from "@/lib/ml/train/parallel-histogram";

/** Random rows: `stride` features with `binsPerFeature` bins each, stored as slot positions. */
function setup(rows: number, stride: number, binsPerFeature: number, shared: boolean) {
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const buf = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const binOffsets = Int32Array.from({ length: stride + 1 }, (_, j) => j * binsPerFeature);
  const local = new Int32Array(rows * stride);
  const bins = new Uint16Array(buf(rows * stride * 2));
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < stride; j++) {
      const b = Math.floor(rnd() * binsPerFeature);
      local[r * stride + j] = b;
      bins[r * stride + j] = 2 * (binOffsets[j] + b);
    }
  }
  const gradients = new Float32Array(buf(rows * 4));
  const hessians = new Float32Array(buf(rows * 4));
  for (let r = 0; r < rows; r++) {
    gradients[r] = rnd() - 0.5;
    hessians[r] = rnd();
  }
  const indices = new Int32Array(buf(rows * 4));
  let n = 0;
  for (let r = 0; r < rows; r++) if (rnd() < 0.6) indices[n++] = r;
  const totalBins = stride * binsPerFeature;
  return { bins, local, binOffsets, gradients, hessians, indices, n, totalBins, buf };
}

/** The histogram summed naively, row by row in index order. */
function naive(d: ReturnType<typeof setup>, stride: number, begin: number, count: number): Float64Array {
  const out = new Float64Array(2 * d.totalBins);
  for (let k = begin; k < begin + count; k++) {
    const r = d.indices[k];
    for (let j = 0; j < stride; j++) {
      const p = 2 * (d.binOffsets[j] + d.local[r * stride + j]);
      out[p] += d.gradients[r];
      out[p + 1] += d.hessians[r];
    }
  }
  return out;
}

describe("histogram construction", () => {
  it("the loop, the generated kernel and the naive sum agree exactly", () => {
    for (const stride of [1, 3, 7, 20, 70]) {
      const d = setup(500, stride, 9, false);
      const expected = naive(d, stride, 10, d.n - 20);
      const loop = new Float64Array(2 * d.totalBins).fill(99);
      constructHistogramRange(d.bins, stride, d.indices, 10, d.n - 20, d.gradients, d.hessians, loop, 0, stride, 0, d.totalBins);
      expect(loop).toEqual(expected);
      const kernel = makeHistogramKernel(stride, 0, stride, 0, d.totalBins);
      const gen = new Float64Array(2 * d.totalBins).fill(99);
      kernel(d.bins, d.indices, 10, d.n - 20, d.gradients, d.hessians, gen);
      expect(gen).toEqual(expected);
    }
  });

  it("subtracts the smaller child from the parent for the listed features", () => {
    const d = setup(300, 4, 5, false);
    const parent = naive(d, 4, 0, d.n);
    const child = naive(d, 4, 0, 50);
    const data = new Float64Array(4 * d.totalBins);
    data.set(parent, 0);
    data.set(child, 2 * d.totalBins);
    subtractHistogram(data, 0, 2 * d.totalBins, d.binOffsets, Int32Array.from([0, 2]));
    const rest = naive(d, 4, 50, d.n - 50);
    for (const j of [0, 2]) {
      for (let p = 2 * d.binOffsets[j]; p < 2 * d.binOffsets[j + 1]; p++) expect(data[p]).toBeCloseTo(rest[p], 10);
    }
    for (let p = 2 * d.binOffsets[1]; p < 2 * d.binOffsets[2]; p++) expect(data[p]).toBe(parent[p]);
  });

  it("gives bit-identical histograms with worker threads", () => {
    const d = setup(5000, 13, 17, true);
    const histograms = new Float64Array(d.buf(2 * 2 * d.totalBins * 8));
    const mem = { ...d, stride: 13, histograms };
    const expected = naive(d, 13, 0, d.n);
    for (const threads of [1, 2, 3]) {
      const builder = new HistogramBuilder(mem, threads);
      try {
        expect(builder.threads).toBe(threads);
        histograms.fill(7);
        builder.build(0, d.n, 2 * d.totalBins);
        expect(histograms.subarray(2 * d.totalBins)).toEqual(expected);
        expect(histograms[0]).toBe(7);
      } finally {
        builder.close();
      }
    }
  });
});
