/**
 * Indices of `efficiency` sorted by efficiency descending, ties by index ascending.
 *
 * The tie rule matters: a participant's hull steps are stored in chain order, so among equal
 * efficiencies they stay in the order they must be taken.
 *
 * A comparator sort over millions of indices costs seconds in JavaScript, so the bulk of the work
 * is a native numeric sort of 64-bit keys: the high 32 bits of each (non-negative) double's bit
 * pattern — sign, exponent and 20 mantissa bits, which order like the value — inverted for
 * descending order, with the index in the low 32 bits. Keys that share the high word differ in
 * value by less than one part in a million; those short runs are then re-sorted exactly.
 */
export function orderByEfficiency(efficiency: Float64Array): Uint32Array {
  const n = efficiency.length;
  if (!littleEndian()) return comparatorSort(efficiency, new Uint32Array(n).map((_, i) => i));

  const keys = new BigUint64Array(n);
  const words = new Uint32Array(keys.buffer);
  const bits = new Uint32Array(efficiency.buffer, efficiency.byteOffset, efficiency.length * 2);
  for (let i = 0; i < n; i++) {
    words[2 * i] = i;
    words[2 * i + 1] = 0xffffffff - bits[2 * i + 1];
  }
  keys.sort();

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = words[2 * i];
  let start = 0;
  for (let i = 1; i <= n; i++) {
    if (i === n || words[2 * i + 1] !== words[2 * start + 1]) {
      if (i - start > 1) comparatorSort(efficiency, order.subarray(start, i));
      start = i;
    }
  }
  return order;
}

function comparatorSort(efficiency: Float64Array, indices: Uint32Array): Uint32Array {
  return indices.sort((a, b) => efficiency[b] - efficiency[a] || a - b);
}

function littleEndian(): boolean {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
}
