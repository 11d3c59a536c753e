/**
 * A 64-bit fingerprint (16 hex digits) of each row of an encoded feature matrix: two FNV-1a
 * passes with different offsets over the row's bytes. Equal inputs as the model saw them give
 * equal hashes, whatever their JSON spelling; it is an identifier, not a security measure.
 */
export function featureRowHashes(data: Float64Array, width: number): string[] {
  if (width <= 0 || data.length % width !== 0) throw new RangeError(`matrix of ${data.length} values does not split into rows of ${width}`);
  const words = new Uint32Array(data.buffer, data.byteOffset, data.length * 2);
  const rows = data.length / width;
  const out = new Array<string>(rows);
  for (let r = 0; r < rows; r++) {
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x5bd1e995;
    for (let i = r * width * 2, end = i + width * 2; i < end; i++) {
      const w = words[i];
      a = Math.imul(a ^ w, 0x01000193);
      b = Math.imul(b ^ w ^ (w >>> 16), 0x01000193);
    }
    out[r] = (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}
