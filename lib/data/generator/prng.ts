/**
 * Seeded pseudo-random numbers: xoshiro128** (128-bit state, period 2^128 - 1).
 *
 * Every random quantity in the dataset comes from one of these, never from Math.random, so a
 * seed pins the output byte for byte. Streams are derived from (seed, stream, index) by hashing
 * rather than by advancing one global generator: row i then depends only on the seed and i, which
 * keeps rows identical whatever the requested row count and lets any chunk be generated alone.
 */

/** Stream identifiers: distinct namespaces so catalogue and participant draws never overlap. */
export const STREAM_CATALOG = 1;
export const STREAM_PARTICIPANT = 2;
export const STREAM_CALIBRATION = 3;

const TWO_POW_32 = 4294967296;
const TWO_POW_53_INV = 1 / 9007199254740992;

/** lowbias32 (C. Wellons): a fast 32-bit finaliser with near-ideal avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

// Four independent hash chains give 128 bits of state, so two different (seed, stream, index)
// triples collide only if all four 32-bit chains collide.
const CHAIN_SALTS = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f] as const;

function chain(salt: number, words: readonly number[]): number {
  let h = mix32(salt);
  for (const w of words) h = mix32((h ^ w) + 0x6a09e667);
  return h;
}

function assertSeed(seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  }
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number, stream: number, index = 0) {
    this.reseed(seed, stream, index);
  }

  /** Re-targets this generator in place; cheaper than allocating one generator per row. */
  reseed(seed: number, stream: number, index = 0): void {
    assertSeed(seed);
    const words = [
      seed >>> 0,
      Math.floor(seed / TWO_POW_32) >>> 0,
      stream >>> 0,
      index >>> 0,
      Math.floor(index / TWO_POW_32) >>> 0,
    ];
    this.s0 = chain(CHAIN_SALTS[0], words);
    this.s1 = chain(CHAIN_SALTS[1], words);
    this.s2 = chain(CHAIN_SALTS[2], words);
    this.s3 = chain(CHAIN_SALTS[3], words);
    // The all-zero state is the one fixed point of xoshiro; astronomically unlikely, but cheap to rule out.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next raw 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with the full 53 bits of mantissa. */
  next(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) * TWO_POW_53_INV;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
