/**
 * Histogram construction for a leaf, optionally spread over worker threads: the features are
 * split into contiguous ranges, the calling thread builds the first range and each worker one of
 * the others, all writing disjoint parts of the same shared histogram slot. Each bin still sums
 * its rows in the same order, so the result is bit-for-bit the single-threaded one.
 *
 * Workers run the same generated kernel code (or the source text of constructHistogramRange) and
 * are driven through a small Atomics-based control block, with no message passing per histogram;
 * the calling thread blocks in Atomics.wait until they are done. If a worker cannot start (or
 * fails its self-test) the builder silently falls back to the calling thread alone.
 */
import { Worker } from "node:worker_threads";
import type { BinArray } from "./dataset";
import {
  constructHistogramRange,
  type HistogramKernel,
  histogramKernelSource,
  makeHistogramKernel,
} from "./histogram";

// Control block slots (Int32Array on a SharedArrayBuffer, one per worker).
const SEQ = 0;
const DONE = 1;
const READY = 2;
const BEGIN = 3;
const COUNT = 4;
const BASE = 5;
const STOP = 6;
const FAILED = 7;
const CTRL_SIZE = 8;

/** Leaves with fewer rows are built by the calling thread alone. */
const MIN_ROWS_PER_DISPATCH = 1024;
const STARTUP_TIMEOUT_MS = 10_000;
const JOB_TIMEOUT_MS = 120_000;

export interface HistogramMemory {
  bins: BinArray;
  stride: number;
  binOffsets: Int32Array;
  indices: Int32Array;
  gradients: Float32Array;
  hessians: Float32Array;
  histograms: Float64Array;
}

interface WorkerHandle {
  worker: Worker;
  ctrl: Int32Array;
  seq: number;
}

function workerSource(): string {
  return `"use strict";
const { workerData } = require("node:worker_threads");
const generic = (${constructHistogramRange.toString()});
const { bins, stride, indices, gradients, hessians, histograms, slotSize, ctrl,
  featureBegin, featureEnd, binBegin, binEnd, kernelSource } = workerData;
let kernel = null;
let ok = false;
try {
  const t = new Float64Array(4);
  generic(new Uint16Array([0, 2]), 2, new Int32Array([0]), 0, 1, new Float32Array([1]), new Float32Array([2]), t, 0, 2, 0, 2);
  ok = t[0] === 1 && t[1] === 2 && t[2] === 1 && t[3] === 2;
  if (ok && kernelSource !== null) {
    try { kernel = new Function('"use strict"; return ' + kernelSource + ";")(); } catch (e) { kernel = null; }
  }
} catch (e) {
  ok = false;
}
Atomics.store(ctrl, ${READY}, ok ? 1 : 2);
Atomics.notify(ctrl, ${READY});
let seen = 0;
while (ok) {
  Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  if (ctrl[${STOP}] !== 0) break;
  try {
    const slot = histograms.subarray(ctrl[${BASE}], ctrl[${BASE}] + slotSize);
    if (kernel !== null) kernel(bins, indices, ctrl[${BEGIN}], ctrl[${COUNT}], gradients, hessians, slot);
    else generic(bins, stride, indices, ctrl[${BEGIN}], ctrl[${COUNT}], gradients, hessians, slot,
      featureBegin, featureEnd, binBegin, binEnd);
  } catch (e) {
    Atomics.store(ctrl, ${FAILED}, 1);
  }
  Atomics.store(ctrl, ${DONE}, seen);
  Atomics.notify(ctrl, ${DONE});
}
`;
}

function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== "undefined" && a.buffer instanceof SharedArrayBuffer;
}

export class HistogramBuilder {
  private readonly mem: HistogramMemory;
  private readonly workers: WorkerHandle[] = [];
  /** All features, for the calling thread alone. */
  private readonly fullKernel: HistogramKernel;
  /** The calling thread's share of the features when workers run. */
  private ownKernel: HistogramKernel;

  /**
   * @param threads total threads to use (the caller included), at most one per 4 features; more
   *   than one needs every array in `mem` but binOffsets on a SharedArrayBuffer
   */
  constructor(mem: HistogramMemory, threads: number) {
    this.mem = mem;
    const nf = mem.stride;
    const offsets = mem.binOffsets;
    this.fullKernel = makeHistogramKernel(nf, 0, nf, 0, offsets[nf]);
    this.ownKernel = this.fullKernel;
    const t = Math.max(1, Math.min(Math.floor(threads), nf >> 2));
    if (t <= 1) return;
    if (![mem.bins, mem.indices, mem.gradients, mem.hessians, mem.histograms].every(isShared)) return;
    const cuts: number[] = [];
    for (let i = 0; i <= t; i++) cuts.push(Math.round((i * nf) / t));
    const source = workerSource();
    for (let i = 1; i < t; i++) {
      const ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
      let worker: Worker;
      try {
        worker = new Worker(source, {
          eval: true,
          workerData: {
            bins: mem.bins,
            stride: nf,
            indices: mem.indices,
            gradients: mem.gradients,
            hessians: mem.hessians,
            histograms: mem.histograms,
            slotSize: 2 * offsets[nf],
            ctrl,
            featureBegin: cuts[i],
            featureEnd: cuts[i + 1],
            binBegin: offsets[cuts[i]],
            binEnd: offsets[cuts[i + 1]],
            kernelSource: histogramKernelSource(nf, cuts[i], cuts[i + 1], offsets[cuts[i]], offsets[cuts[i + 1]]),
          },
        });
      } catch {
        break;
      }
      worker.unref();
      worker.on("error", () => {});
      const state = Atomics.wait(ctrl, READY, 0, STARTUP_TIMEOUT_MS);
      if (state === "timed-out" || Atomics.load(ctrl, READY) !== 1) {
        void worker.terminate();
        break;
      }
      this.workers.push({ worker, ctrl, seq: 0 });
    }
    if (this.workers.length + 1 === t) {
      this.ownKernel = makeHistogramKernel(nf, cuts[0], cuts[1], offsets[cuts[0]], offsets[cuts[1]]);
    } else {
      // Some worker did not start: use the calling thread alone.
      this.close();
    }
  }

  /** Threads in use, the calling one included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /** Builds the histogram of rows indices[begin .. begin+count) into the slot at `base`. */
  build(begin: number, count: number, base: number): void {
    const m = this.mem;
    const slot = m.histograms.subarray(base, base + 2 * m.binOffsets[m.stride]);
    if (this.workers.length === 0 || count < MIN_ROWS_PER_DISPATCH) {
      this.fullKernel(m.bins, m.indices, begin, count, m.gradients, m.hessians, slot);
      return;
    }
    for (const w of this.workers) {
      w.ctrl[BEGIN] = begin;
      w.ctrl[COUNT] = count;
      w.ctrl[BASE] = base;
      w.seq++;
      Atomics.store(w.ctrl, SEQ, w.seq);
      Atomics.notify(w.ctrl, SEQ);
    }
    this.ownKernel(m.bins, m.indices, begin, count, m.gradients, m.hessians, slot);
    for (const w of this.workers) {
      for (;;) {
        const done = Atomics.load(w.ctrl, DONE);
        if (done === w.seq) break;
        if (Atomics.wait(w.ctrl, DONE, done, JOB_TIMEOUT_MS) === "timed-out") {
          this.close();
          throw new Error("A histogram worker thread stopped responding");
        }
      }
      if (Atomics.load(w.ctrl, FAILED) !== 0) {
        this.close();
        throw new Error("A histogram worker thread failed");
      }
    }
  }

  /** Stops the workers (idempotent). */
  close(): void {
    for (const w of this.workers) {
      w.ctrl[STOP] = 1;
      Atomics.store(w.ctrl, SEQ, w.seq + 1);
      Atomics.notify(w.ctrl, SEQ);
      void w.worker.terminate();
    }
    this.workers.length = 0;
  }
}
