import { type BinaryLabels, checkInputs } from "./inputs";

/**
 * Cumulative true/false positive counts at every distinct score, highest score first: at index k
 * the rule "positive when score >= thresholds[k]" flags `tps[k]` positives and `fps[k]`
 * negatives. Rows with equal scores always fall into the same group, which is what makes every
 * curve and area built on top of this tie-aware. All ranking metrics derive from this one
 * O(n log n) pass.
 */
export interface ThresholdCounts {
  /** Distinct scores, strictly decreasing. */
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

export function thresholdCounts(scores: Float64Array, labels: BinaryLabels): ThresholdCounts {
  const { positives, negatives } = checkInputs(scores, labels, false);
  // Sorting the two classes separately with the native numeric typed-array sort avoids a
  // comparator-driven index sort (several times slower at a million rows); a merge from the top
  // then yields the groups of equal scores directly.
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < scores.length; i++) {
    if (labels[i] === 1) pos[p++] = scores[i];
    else neg[q++] = scores[i];
  }
  pos.sort();
  neg.sort();

  const n = scores.length;
  const thresholds = new Float64Array(n);
  const tps = new Float64Array(n);
  const fps = new Float64Array(n);
  let i = positives - 1;
  let j = negatives - 1;
  let tp = 0;
  let fp = 0;
  let k = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    // `===` treats -0 and +0 as one group, as the >= rule does.
    while (i >= 0 && pos[i] === t) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === t) {
      fp++;
      j--;
    }
    thresholds[k] = t;
    tps[k] = tp;
    fps[k] = fp;
    k++;
  }
  return {
    thresholds: thresholds.slice(0, k),
    tps: tps.slice(0, k),
    fps: fps.slice(0, k),
    positives,
    negatives,
  };
}
