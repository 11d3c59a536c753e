/**
 * Row bagging (bagging_fraction every bagging_freq iterations) and per-tree feature sampling
 * (feature_fraction), with LightGBM's schemes and seeded LCG streams, so a seed always gives the
 * same subsets.
 */
import { roundInt } from "./format";
import { LcgRandom } from "./random";

const BAGGING_RAND_BLOCK = 1024;

export class BaggingSampler {
  readonly active: boolean;
  /** In-bag rows (ascending) in [0, bagCount), the rest after. */
  readonly bagIndices: Int32Array;
  bagCount: number;
  private readonly rands: LcgRandom[];
  private readonly fraction: number;
  private readonly freq: number;
  private readonly numData: number;
  private needReBagging: boolean;

  constructor(numData: number, fraction: number, freq: number, seed: number) {
    this.numData = numData;
    this.fraction = fraction;
    this.freq = freq;
    this.active = fraction < 1 && freq > 0;
    this.bagIndices = new Int32Array(this.active ? numData : 0);
    this.bagCount = this.active ? Math.trunc(fraction * numData) : numData;
    this.rands = [];
    if (this.active) {
      const blocks = Math.ceil(numData / BAGGING_RAND_BLOCK);
      for (let i = 0; i < blocks; i++) this.rands.push(new LcgRandom(seed + i));
    }
    this.needReBagging = this.active;
  }

  /** Redraws the bag when due at iteration `iter` (0-based); returns whether it did. */
  bag(iter: number): boolean {
    if (!this.active) return false;
    if (!((this.bagCount < this.numData && iter % this.freq === 0) || this.needReBagging)) return false;
    this.needReBagging = false;
    let left = 0;
    let right = this.numData;
    const out = this.bagIndices;
    const fraction = this.fraction;
    for (let i = 0; i < this.numData; i++) {
      if (this.rands[(i / BAGGING_RAND_BLOCK) | 0].nextFloat() < fraction) out[left++] = i;
      else out[--right] = i;
    }
    this.bagCount = left;
    return true;
  }
}

export class FeatureSampler {
  /** Per inner feature: used by the current tree. */
  readonly used: Uint8Array;
  private readonly random: LcgRandom;
  private readonly numFeatures: number;
  private readonly usedCount: number;
  private readonly active: boolean;

  constructor(numFeatures: number, fraction: number, seed: number) {
    this.numFeatures = numFeatures;
    this.random = new LcgRandom(seed);
    this.used = new Uint8Array(numFeatures).fill(1);
    this.active = fraction < 1;
    const min = Math.min(2, numFeatures);
    this.usedCount = Math.max(roundInt(numFeatures * fraction), min);
    // LightGBM's ColSampler draws once when it is given the training data, before the first tree.
    this.resetByTree();
  }

  /** Draws the features of the next tree (no-op when feature_fraction = 1). */
  resetByTree(): Uint8Array {
    if (this.active) {
      this.used.fill(0);
      for (const j of this.random.sample(this.numFeatures, this.usedCount)) this.used[j] = 1;
    }
    return this.used;
  }
}
