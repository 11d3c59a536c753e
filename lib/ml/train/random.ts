/**
 * The trainer's seeded pseudo-random generator: the same 32-bit linear congruential scheme
 * LightGBM uses (multiplier 214013, increment 2531011), with its integer/float draws and its
 * ordered K-of-N sampler, so that a seed means the same bagging and feature subsets as in
 * LightGBM. Deterministic, no global state.
 */
export class LcgRandom {
  private x: number;

  constructor(seed: number) {
    this.x = seed >>> 0;
  }

  private step(): number {
    this.x = (Math.imul(214013, this.x) + 2531011) >>> 0;
    return this.x;
  }

  /** 15-bit draw in [0, 32767]. */
  private randInt16(): number {
    return (this.step() >>> 16) & 0x7fff;
  }

  /** 31-bit non-negative draw. */
  private randInt32(): number {
    return this.step() & 0x7fffffff;
  }

  /** Integer in [lower, upper) from a 15-bit draw. */
  nextShort(lower: number, upper: number): number {
    return (this.randInt16() % (upper - lower)) + lower;
  }

  /** Integer in [lower, upper) from a 31-bit draw. */
  nextInt(lower: number, upper: number): number {
    return (this.randInt32() % (upper - lower)) + lower;
  }

  /** Single-precision float in [0, 1). */
  nextFloat(): number {
    return Math.fround(this.randInt16() / 32768);
  }

  /** K distinct indices from [0, N), ascending. */
  sample(n: number, k: number): number[] {
    const ret: number[] = [];
    if (k > n || k <= 0) return ret;
    if (k === n) {
      for (let i = 0; i < n; i++) ret.push(i);
      return ret;
    }
    if (k > 1 && k > n / Math.log2(k)) {
      for (let i = 0; i < n; i++) {
        const prob = (k - ret.length) / (n - i);
        if (this.nextFloat() < prob) ret.push(i);
      }
      return ret;
    }
    const chosen = new Set<number>();
    for (let r = n - k; r < n; r++) {
      const v = this.nextInt(0, r);
      if (chosen.has(v)) chosen.add(r);
      else chosen.add(v);
    }
    return [...chosen].sort((a, b) => a - b);
  }
}

export interface DerivedSeeds {
  dataRandomSeed: number;
  baggingSeed: number;
  dropSeed: number;
  featureFractionSeed: number;
  objectiveSeed: number;
  extraSeed: number;
}

/** LightGBM's sub-seeds: fixed defaults, or drawn in order from the master seed when one is set. */
export function deriveSeeds(seed: number | null): DerivedSeeds {
  if (seed === null) {
    return { dataRandomSeed: 1, baggingSeed: 3, dropSeed: 4, featureFractionSeed: 2, objectiveSeed: 5, extraSeed: 6 };
  }
  const rand = new LcgRandom(seed);
  const max = 32767;
  return {
    dataRandomSeed: rand.nextShort(0, max),
    baggingSeed: rand.nextShort(0, max),
    dropSeed: rand.nextShort(0, max),
    featureFractionSeed: rand.nextShort(0, max),
    objectiveSeed: rand.nextShort(0, max),
    extraSeed: rand.nextShort(0, max),
  };
}
