import { type BinaryLabels, checkInputs } from "./inputs";

/** Probabilities are clipped to [EPS, 1 - EPS] so one confident mistake costs ~34.5 nats, not Infinity. */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Mean binary cross-entropy (natural log). The probability given to the true class is clipped to
 * [1e-15, 1 - 1e-15]. Clipping that probability, rather than p itself, keeps both classes
 * symmetric: 1 - (1 - 1e-15) is not exactly 1e-15 in floating point, so clipping p would make a
 * certain miss on a negative cost 34.5392 instead of -ln(1e-15) = 34.5388.
 */
export function logLoss(probs: Float64Array, labels: BinaryLabels): number {
  checkInputs(probs, labels, true);
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    const pTrue = labels[i] === 1 ? p : 1 - p;
    sum -= Math.log(Math.min(Math.max(pTrue, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS));
  }
  return sum / probs.length;
}

/** Mean squared difference between predicted probability and the 0/1 outcome. */
export function brierScore(probs: Float64Array, labels: BinaryLabels): number {
  checkInputs(probs, labels, true);
  let sum = 0;
  for (let i = 0; i < probs.length; i++) {
    const d = probs[i] - labels[i];
    sum += d * d;
  }
  return sum / probs.length;
}
