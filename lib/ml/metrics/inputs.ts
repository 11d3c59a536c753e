/** Labels of a binary problem: every element must be exactly 0 or 1. */
export type BinaryLabels = Uint8Array | Float64Array;

export interface ClassCounts {
  positives: number;
  negatives: number;
}

/**
 * Checks that scores and labels line up and are usable, and counts the classes.
 *
 * Every metric calls this first so that a bad input fails loudly with the offending index
 * instead of silently producing a plausible-looking number (a NaN score would otherwise sort
 * arbitrarily and a label of 2 would be counted as a negative).
 *
 * `probabilities`: also require every score to lie in [0, 1] (log loss, Brier score and the
 * calibration table are meaningless for raw margins).
 */
export function checkInputs(scores: Float64Array, labels: BinaryLabels, probabilities: boolean): ClassCounts {
  const n = scores.length;
  if (labels.length !== n) {
    throw new RangeError(`scores and labels differ in length: ${n} scores, ${labels.length} labels`);
  }
  if (n === 0) throw new RangeError("cannot evaluate an empty set of predictions");
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (y === 1) positives++;
    else if (y !== 0) throw new RangeError(`label at index ${i} is ${y}; labels must be 0 or 1`);
    const s = scores[i];
    if (Number.isNaN(s)) throw new RangeError(`score at index ${i} is NaN`);
    if (probabilities && !(s >= 0 && s <= 1)) {
      throw new RangeError(`probability at index ${i} is ${s}; probabilities must lie in [0, 1]`);
    }
  }
  return { positives, negatives: n - positives };
}

/** Rejects thresholds that would make every comparison false. */
export function checkThreshold(threshold: number): void {
  if (Number.isNaN(threshold)) throw new RangeError("threshold is NaN");
}
