/** Small numeric helpers shared by the generator's modules. */

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Rounds half away from zero to `decimals` places. Values are rounded when generated, not only
 * when written, so a record in memory equals the same record read back from the CSV.
 */
export function roundTo(x: number, decimals: number): number {
  const f = POW10[decimals];
  return Math.sign(x) * Math.round(Math.abs(x) * f) / f;
}
