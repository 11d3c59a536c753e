/**
 * Inner bin edges at the training quantiles i/bins, i = 1..bins−1, for bins closed on the right.
 *
 * Each edge is an observed value, the smallest x with empirical CDF(x) ≥ i/bins (inverse-CDF
 * quantile), so with distinct values every bin holds about n/bins rows. Ties make neighbouring
 * quantiles equal; duplicates are merged, so a value repeated in many rows gets one bin holding
 * all of them instead of empty bins around it. An edge at the maximum is dropped too: the bin
 * above it would be empty in training and only add epsilon noise to the PSI.
 *
 * `sorted` holds the non-missing training values in ascending order.
 */
export function quantileEdges(sorted: Float64Array, bins: number): number[] {
  const n = sorted.length;
  const edges: number[] = [];
  if (n === 0) return edges;
  const max = sorted[n - 1];
  for (let i = 1; i < bins; i++) {
    const edge = sorted[Math.ceil((i * n) / bins) - 1];
    if (edge >= max) break;
    if (edges.length === 0 || edge > edges[edges.length - 1]) edges.push(edge);
  }
  return edges;
}

/** Bucket of `value` among bins (−∞, e0], (e0, e1], …, (e_last, ∞): the first edge ≥ value. */
export function binIndex(edges: readonly number[], value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
