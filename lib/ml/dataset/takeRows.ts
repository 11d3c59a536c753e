/** Copies the given rows of a row-major matrix (e.g. one side of a split) into a new matrix. */
export function takeRows(features: Float64Array, featureCount: number, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length * featureCount);
  for (let i = 0; i < rows.length; i++) {
    const start = rows[i] * featureCount;
    if (start + featureCount > features.length) throw new RangeError(`row index ${rows[i]} is out of range`);
    out.set(features.subarray(start, start + featureCount), i * featureCount);
  }
  return out;
}

/** Copies the given entries of a label array. */
export function takeLabels(labels: Uint8Array, rows: Uint32Array): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] >= labels.length) throw new RangeError(`row index ${rows[i]} is out of range`);
    out[i] = labels[rows[i]];
  }
  return out;
}
