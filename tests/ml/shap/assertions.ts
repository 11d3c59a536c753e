import { expect } from "vitest";

/** Largest absolute elementwise difference; NaN anywhere counts as infinitely different. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    max = d === d ? Math.max(max, d) : Infinity;
  }
  return max;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  const diff = maxAbsDiff(actual, expected);
  expect(diff, `${what}: max |difference| ${diff}`).toBeLessThanOrEqual(tolerance);
}
