/**
 * Picks at most `maxPoints` indices of a polyline (x[i], y[i]) for drawing, always keeping the
 * first and last point.
 *
 * Points are chosen evenly by distance travelled along the curve rather than evenly by index:
 * ROC and PR curves crowd thousands of points into short stretches (e.g. a run of tied scores or
 * the flat tail), and index-based thinning would spend the budget there and cut corners
 * elsewhere. Both axes are assumed to share a scale (rates in [0, 1]).
 */
export function downsampleIndices(x: Float64Array, y: Float64Array, maxPoints: number): Uint32Array {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`x and y differ in length: ${n} and ${y.length}`);
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new RangeError(`maxPoints must be an integer >= 2, got ${maxPoints}`);
  }
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);

  const along = new Float64Array(n);
  for (let i = 1; i < n; i++) along[i] = along[i - 1] + Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
  const total = along[n - 1];
  if (!(total > 0)) return Uint32Array.of(0, n - 1);

  const picked = new Uint32Array(maxPoints);
  let count = 0;
  picked[count++] = 0;
  let i = 1;
  for (let k = 1; k < maxPoints - 1; k++) {
    const mark = (total * k) / (maxPoints - 1);
    while (i < n - 1 && along[i] < mark) i++;
    if (i >= n - 1) break;
    if (picked[count - 1] !== i) picked[count++] = i;
  }
  picked[count++] = n - 1;
  return picked.slice(0, count);
}
