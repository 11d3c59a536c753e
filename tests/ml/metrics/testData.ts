/** Small deterministic generator for test data (independent of the library's own PRNG). */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/**
 * The running example used across the metric tests (8 rows, 4 positives):
 *   prob  : 0.9 0.8 0.7 0.6 0.4 0.3 0.2 0.1
 *   label :  1   1   0   1   0   1   0   0
 */
export const EXAMPLE_PROBS = Float64Array.of(0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1);
export const EXAMPLE_LABELS = Uint8Array.of(1, 1, 0, 1, 0, 1, 0, 0);
