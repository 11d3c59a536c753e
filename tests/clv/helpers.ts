/** Deterministic uniform generator (mulberry32) so random-input tests are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The CLV definition summed month by month for integer M, straight from the formula
 * Σ_{t=1..M} v · r^t / (1 + d)^t, to check the closed form against.
 */
export function directClv(p: number, visits: number, value: number, months: number, annual: number): number {
  if (months === 0) return 0;
  const r = Math.pow(1 - p, 1 / months);
  const d = Math.pow(1 + annual, 1 / 12) - 1;
  const v = (visits * value) / months;
  let sum = 0;
  for (let t = 1; t <= months; t++) sum += (v * Math.pow(r, t)) / Math.pow(1 + d, t);
  return sum;
}

export function relativeError(actual: number, expected: number): number {
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}
