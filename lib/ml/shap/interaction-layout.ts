/**
 * Interaction output layout: per row a (numFeatures + 1) x (numFeatures + 1) row-major matrix.
 * Entry [i][j] (i != j, both < numFeatures) is the Shapley interaction value Phi_ij (symmetric,
 * half of the pair's joint effect, as in TreeExplainer); [i][i] is the main effect
 * phi_i - sum_{j != i} Phi_ij, so row i sums to feature i's contribution. The last row and column
 * hold the expected value at [numFeatures][numFeatures] and zeros elsewhere, so the last row sums
 * to the expected value and the whole matrix to the raw score.
 */

/** Values per row of the interaction output. */
export function interactionRowSize(numFeatures: number): number {
  return (numFeatures + 1) * (numFeatures + 1);
}

/**
 * Completes one row's matrix from its off-diagonal accumulation: `mode` "mirror" copies the
 * upper triangle down (the fast path only accumulates i < j), "average" replaces both halves by
 * their mean (the conditioned path computes each half separately, equal up to rounding). Then
 * fills the diagonal from the contributions and the expected-value corner.
 */
export function finishInteractionRow(
  out: Float64Array,
  base: number,
  numFeatures: number,
  phi: Float64Array,
  phiBase: number,
  expected: number,
  mode: "mirror" | "average",
): void {
  const width = numFeatures + 1;
  for (let i = 0; i < numFeatures; i++) {
    for (let j = i + 1; j < numFeatures; j++) {
      const upper = base + i * width + j;
      const lower = base + j * width + i;
      const value = mode === "mirror" ? out[upper] : 0.5 * (out[upper] + out[lower]);
      out[upper] = value;
      out[lower] = value;
    }
  }
  for (let i = 0; i < numFeatures; i++) {
    let offDiagonal = 0;
    for (let j = 0; j < numFeatures; j++) if (j !== i) offDiagonal += out[base + i * width + j];
    out[base + i * width + i] = phi[phiBase + i] - offDiagonal;
  }
  out[base + numFeatures * width + numFeatures] = expected;
}
