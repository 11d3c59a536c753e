/** LightGBM's binary_logloss metric on raw scores. */
import { K_EPSILON } from "./bin-mapper";

export function binaryLogloss(labels: ArrayLike<number>, scores: Float64Array, sigmoid: number): number {
  const n = scores.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const prob = 1 / (1 + Math.exp(-sigmoid * scores[i]));
    if (labels[i] > 0) sum += prob > K_EPSILON ? -Math.log(prob) : -Math.log(K_EPSILON);
    else sum += 1 - prob > K_EPSILON ? -Math.log(1 - prob) : -Math.log(K_EPSILON);
  }
  return sum / n;
}
