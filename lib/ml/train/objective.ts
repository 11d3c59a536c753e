/**
 * LightGBM's binary log-loss objective: labels 0/1, sigmoid(x) = 1 / (1 + exp(-sigmoid * x)),
 * class weights for is_unbalance / scale_pos_weight, and the initial score from the label mean
 * (boost_from_average). Gradients and hessians are stored in single precision, as LightGBM's
 * score_t is float.
 */
import { K_EPSILON } from "./bin-mapper";

/** LightGBM's label_val_: -1 for negatives, 1 for positives. */
const LABEL_VALUES = new Float64Array([-1, 1]);

export interface BinaryObjectiveConfig {
  sigmoid: number;
  isUnbalance: boolean;
  scalePosWeight: number;
}

export class BinaryLogloss {
  readonly numData: number;
  readonly numPositive: number;
  /** False when only one class is present (LightGBM then trains nothing). */
  readonly needTrain: boolean;
  /** Weight of negative (index 0) and positive (index 1) rows. */
  readonly labelWeights: Float64Array;
  private readonly isPos: Uint8Array;
  private readonly sigmoid: number;

  constructor(labels: ArrayLike<number>, config: BinaryObjectiveConfig) {
    const n = labels.length;
    this.numData = n;
    this.sigmoid = config.sigmoid;
    this.isPos = new Uint8Array(n);
    let pos = 0;
    for (let i = 0; i < n; i++) {
      const y = labels[i];
      if (y !== 0 && y !== 1) {
        throw new Error(`Binary labels must be 0 or 1; row ${i} has ${y}`);
      }
      if (y === 1) {
        this.isPos[i] = 1;
        pos++;
      }
    }
    this.numPositive = pos;
    const neg = n - pos;
    this.needTrain = pos > 0 && neg > 0;
    this.labelWeights = new Float64Array([1, 1]);
    if (config.isUnbalance && pos > 0 && neg > 0) {
      if (pos > neg) this.labelWeights[0] = pos / neg;
      else this.labelWeights[1] = neg / pos;
    }
    this.labelWeights[1] *= config.scalePosWeight;
  }

  /** Initial score log(p / (1 - p)) / sigmoid from the (unweighted) positive rate. */
  boostFromScore(): number {
    let pavg = this.numData > 0 ? this.numPositive / this.numData : 0.5;
    pavg = Math.min(pavg, 1 - K_EPSILON);
    pavg = Math.max(pavg, K_EPSILON);
    return Math.log(pavg / (1 - pavg)) / this.sigmoid;
  }

  /** First and second derivatives of the weighted log loss at the current raw scores. */
  getGradients(score: Float64Array, gradients: Float32Array, hessians: Float32Array): void {
    if (!this.needTrain) {
      gradients.fill(0);
      hessians.fill(0);
      return;
    }
    const n = this.numData;
    const s = this.sigmoid;
    const isPos = this.isPos;
    // Table lookups instead of branches on the (unpredictable) label.
    const labelOf = LABEL_VALUES;
    const weightOf = this.labelWeights;
    for (let i = 0; i < n; i++) {
      const c = isPos[i];
      const label = labelOf[c];
      const w = weightOf[c];
      const response = (-label * s) / (1 + Math.exp(label * s * score[i]));
      const absResponse = Math.abs(response);
      gradients[i] = response * w;
      hessians[i] = absResponse * (s - absResponse) * w;
    }
  }
}
