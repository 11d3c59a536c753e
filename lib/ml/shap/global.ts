import { ShapInputError } from "./errors";
import { interactionRowSize } from "./interaction-layout";
import { mulberry32 } from "../../random/mulberry32";

/**
 * Global summaries of per-row explanations: the usual "mean |SHAP|" importance and its
 * pairwise counterpart for interaction values.
 */

function checkLength(values: Float64Array, numRows: number, perRow: number, what: string): void {
  if (!Number.isInteger(numRows) || numRows < 0) throw new ShapInputError(`numRows must be a non-negative integer, got ${numRows}`);
  if (values.length !== numRows * perRow) {
    throw new ShapInputError(`${what} has ${values.length} values, expected ${numRows} rows x ${perRow} = ${numRows * perRow}`);
  }
}

/**
 * Mean absolute contribution per feature (length numFeatures; the expected-value column is not a
 * feature and is left out). `values` is the shapValues layout, numRows x (numFeatures + 1).
 */
export function meanAbsShap(values: Float64Array, numRows: number, numFeatures: number): Float64Array {
  checkLength(values, numRows, numFeatures + 1, "contributions");
  const mean = new Float64Array(numFeatures);
  for (let r = 0; r < numRows; r++) {
    const base = r * (numFeatures + 1);
    for (let j = 0; j < numFeatures; j++) mean[j] += Math.abs(values[base + j]);
  }
  if (numRows > 0) for (let j = 0; j < numFeatures; j++) mean[j] /= numRows;
  return mean;
}

/**
 * Mean absolute interaction value per feature pair over the explained rows (typically a sample:
 * interactions cost far more than contributions). Returns numFeatures x numFeatures row-major,
 * symmetric; the diagonal is the mean absolute main effect. `values` is the interactionValues
 * layout, numRows x (numFeatures + 1)^2.
 */
export function meanAbsInteractions(values: Float64Array, numRows: number, numFeatures: number): Float64Array {
  const size = interactionRowSize(numFeatures);
  checkLength(values, numRows, size, "interaction values");
  const width = numFeatures + 1;
  const mean = new Float64Array(numFeatures * numFeatures);
  for (let r = 0; r < numRows; r++) {
    const base = r * size;
    for (let i = 0; i < numFeatures; i++) {
      for (let j = 0; j < numFeatures; j++) mean[i * numFeatures + j] += Math.abs(values[base + i * width + j]);
    }
  }
  if (numRows > 0) for (let i = 0; i < mean.length; i++) mean[i] /= numRows;
  return mean;
}

export interface InteractionPair {
  /** Feature indices, i < j. */
  i: number;
  j: number;
  names: [string, string];
  /** matrix[i][j]: one half of the pair's effect (the pair's total is twice this). */
  value: number;
}

/**
 * The k off-diagonal pairs with the largest matrix[i][j] (e.g. from meanAbsInteractions), largest
 * first; ties keep (i, j) order. `matrix` is names.length x names.length.
 */
export function topInteractionPairs(matrix: Float64Array, names: readonly string[], k: number): InteractionPair[] {
  const m = names.length;
  if (matrix.length !== m * m) throw new ShapInputError(`matrix has ${matrix.length} values, expected ${m} x ${m} for ${m} names`);
  if (!Number.isInteger(k) || k < 0) throw new ShapInputError(`k must be a non-negative integer, got ${k}`);
  const pairs: InteractionPair[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) pairs.push({ i, j, names: [names[i], names[j]], value: matrix[i * m + j] });
  }
  pairs.sort((a, b) => b.value - a.value || a.i - b.i || a.j - b.j);
  return pairs.slice(0, k);
}

/**
 * Rows drawn without replacement by a seeded generator (for explaining interactions on a sample);
 * returns the rows' values in their original order.
 */
export function sampleRows(data: Float64Array, numRows: number, numFeatures: number, sampleSize: number, seed = 1): { data: Float64Array; numRows: number; rows: Int32Array } {
  checkLength(data, numRows, numFeatures, "data");
  const n = Math.min(Math.max(0, Math.floor(sampleSize)), numRows);
  // Selection sampling (Knuth's algorithm S) with a mulberry32 stream: one pass, ordered output.
  const next = mulberry32(seed);
  const rows = new Int32Array(n);
  let chosen = 0;
  for (let r = 0; r < numRows && chosen < n; r++) {
    if ((numRows - r) * next() < n - chosen) rows[chosen++] = r;
  }
  const out = new Float64Array(n * numFeatures);
  for (let s = 0; s < n; s++) out.set(data.subarray(rows[s] * numFeatures, (rows[s] + 1) * numFeatures), s * numFeatures);
  return { data: out, numRows: n, rows };
}
