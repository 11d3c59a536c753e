export { mulberry32 } from "@/lib/random/mulberry32";

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
