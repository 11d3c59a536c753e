import { DriftError } from "./errors";
import { binIndex } from "./quantileEdges";

/**
 * Row counts per bucket for one feature column of a row-major matrix. Layouts as in types.ts:
 * numeric bins then missing; categorical levels then unseen then missing.
 */

export function numericCounts(data: Float64Array, stride: number, column: number, edges: readonly number[], name: string): Float64Array {
  const rows = data.length / stride;
  const missing = edges.length + 1;
  const counts = new Float64Array(edges.length + 2);
  for (let r = 0; r < rows; r++) {
    const value = data[r * stride + column];
    if (Number.isNaN(value)) counts[missing]++;
    else if (value === Infinity || value === -Infinity) {
      // Also keeps every stored edge finite, which JSON needs (it writes Infinity as null).
      throw new DriftError(`feature "${name}" row ${r}: ${value} is not a finite number (use NaN for missing)`, { feature: name, row: r });
    } else counts[binIndex(edges, value)]++;
  }
  return counts;
}

/**
 * `remap[code]` translates the data's category codes to the reference's (−1 = a category the
 * reference does not know); without it codes are taken as the reference's own.
 */
export function categoricalCounts(
  data: Float64Array,
  stride: number,
  column: number,
  levels: number,
  name: string,
  remap?: Int32Array,
): Float64Array {
  const rows = data.length / stride;
  const unseen = levels;
  const missing = levels + 1;
  const counts = new Float64Array(levels + 2);
  for (let r = 0; r < rows; r++) {
    const code = data[r * stride + column];
    if (Number.isNaN(code)) {
      counts[missing]++;
      continue;
    }
    if (!Number.isInteger(code) || code < 0) {
      throw new DriftError(`feature "${name}" row ${r}: category code ${code} is not an integer >= 0`, { feature: name, row: r });
    }
    const mapped = remap === undefined ? code : code < remap.length ? remap[code] : -1;
    counts[mapped >= 0 && mapped < levels ? mapped : unseen]++;
  }
  return counts;
}

/** Counts as shares of `rows`; all zeros when there are no rows. */
export function shares(counts: Float64Array, rows: number): number[] {
  return Array.from(counts, (c) => (rows === 0 ? 0 : c / rows));
}

/** Sorted non-missing values of a numeric column, for the quantile edges. */
export function sortedValues(data: Float64Array, stride: number, column: number): Float64Array {
  const rows = data.length / stride;
  const values = new Float64Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const value = data[r * stride + column];
    if (!Number.isNaN(value)) values[n++] = value;
  }
  return values.subarray(0, n).sort();
}
