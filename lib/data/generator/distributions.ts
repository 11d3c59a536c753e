/** Sampling from the distributions the generator needs, driven only by a seeded Rng. */
import type { Rng } from "./prng";

export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** Integer uniformly drawn from lo..hi inclusive. */
export function uniformInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng.next() * (hi - lo + 1));
}

export function bernoulli(rng: Rng, p: number): boolean {
  return rng.next() < p;
}

/**
 * Box-Muller without caching the second variate: a cached value would carry over from one row to
 * the next through the reused Rng and break "row i depends only on (seed, i)".
 */
export function normal(rng: Rng, mean = 0, sd = 1): number {
  const u1 = 1 - rng.next(); // (0, 1], so the log is finite
  const u2 = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** exp(N(mu, sigma^2)); mu is the log of the median. */
export function logNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(normal(rng, mu, sigma));
}

/**
 * Poisson count. Knuth's product method is exact and fast for the small rates the dataset uses;
 * above 30 a rounded normal approximation keeps the cost bounded.
 */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 30) return Math.max(0, Math.round(normal(rng, lambda, Math.sqrt(lambda))));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k += 1;
    p *= rng.next();
  }
  return k;
}

/** Prefix sums for `pickIndex`, computed once per distribution rather than per draw. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weight ${i} must be non-negative, got ${weights[i]}`);
    sum += weights[i];
    out[i] = sum;
  }
  if (sum <= 0) throw new RangeError("weights must not all be zero");
  return out;
}

/** Index drawn with probability proportional to its weight (binary search on the prefix sums). */
export function pickIndex(rng: Rng, cumulativeWeights: Float64Array): number {
  const target = rng.next() * cumulativeWeights[cumulativeWeights.length - 1];
  let lo = 0;
  let hi = cumulativeWeights.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulativeWeights[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
  return items;
}
