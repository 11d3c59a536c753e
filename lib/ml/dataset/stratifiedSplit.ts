import { SeededRandom } from "./random";

export interface SplitIndices {
  /** Row indices of the training part, ascending. */
  train: Uint32Array;
  /** Row indices of the validation part, ascending (empty when fraction is 0). */
  validation: Uint32Array;
}

/** Moves a uniformly random k-subset of `items` to its front (partial Fisher-Yates). */
function chooseInPlace(items: Uint32Array, k: number, rng: SeededRandom): void {
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextBelow(items.length - i);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}

/**
 * Deterministic stratified train/validation split: the same labels, fraction and seed always give
 * the same indices.
 *
 * The validation part has round(fraction * n) rows, of which round(size * positiveRate) are
 * positives, so each part's positive count is within half a row of its share (within one row,
 * whatever the rounding). Rows within each class are chosen uniformly at random.
 *
 * `fraction` is the validation share in [0, 1); 0 gives no validation set.
 */
export function stratifiedSplit(labels: Uint8Array, fraction: number, seed: number): SplitIndices {
  if (!(fraction >= 0 && fraction < 1)) throw new RangeError(`validation fraction must be in [0, 1), got ${fraction}`);
  const n = labels.length;
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y > 1) throw new RangeError(`label at index ${i} is ${y}; labels must be 0 or 1`);
    positives += y;
  }
  const validationSize = Math.round(fraction * n);
  const validationPositives = n === 0 ? 0 : Math.round((validationSize * positives) / n);

  const pos = new Uint32Array(positives);
  const neg = new Uint32Array(n - positives);
  for (let i = 0, p = 0, q = 0; i < n; i++) {
    if (labels[i] === 1) pos[p++] = i;
    else neg[q++] = i;
  }
  const rng = new SeededRandom(seed);
  chooseInPlace(pos, validationPositives, rng);
  chooseInPlace(neg, validationSize - validationPositives, rng);

  const inValidation = new Uint8Array(n);
  for (let i = 0; i < validationPositives; i++) inValidation[pos[i]] = 1;
  for (let i = 0; i < validationSize - validationPositives; i++) inValidation[neg[i]] = 1;
  const train = new Uint32Array(n - validationSize);
  const validation = new Uint32Array(validationSize);
  for (let i = 0, t = 0, v = 0; i < n; i++) {
    if (inValidation[i] === 1) validation[v++] = i;
    else train[t++] = i;
  }
  return { train, validation };
}
