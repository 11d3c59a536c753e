import type { FeatureSpec } from "../dataset";
import { sigmoid } from "../model/predict";

export interface FeatureContribution {
  feature: string;
  /** The participant's value as the model saw it: number, category text, or null when missing. */
  value: number | string | null;
  /** SHAP value on the log-odds scale. */
  shap: number;
  /** The same contribution in probability points (see probabilityScale). */
  probabilityEffect: number;
}

export interface ParticipantExplanation {
  /** Expected raw score (log-odds) over the training data: the SHAP base value. */
  expectedValue: number;
  baseProbability: number;
  rawScore: number;
  probability: number;
  /** One entry per model feature, in model order. */
  contributions: FeatureContribution[];
  /** Largest positive contributions first. */
  topRaising: FeatureContribution[];
  /** Most negative contributions first. */
  topLowering: FeatureContribution[];
}

/**
 * SHAP values add up on the log-odds scale; probabilities do not. Each contribution is scaled by
 * the secant slope of the sigmoid between the base and the participant's score,
 * (σ(raw) − σ(base)) / (raw − base), so every effect keeps its sign and the effects add up
 * exactly to σ(raw) − σ(base). When raw ≈ base the secant becomes the tangent σ'(base).
 */
export function probabilityScale(expectedValue: number, rawScore: number, sigmoidScale = 1): number {
  const delta = rawScore - expectedValue;
  if (Math.abs(delta) < 1e-12) {
    const p = sigmoid(expectedValue, sigmoidScale);
    return sigmoidScale * p * (1 - p);
  }
  return (sigmoid(rawScore, sigmoidScale) - sigmoid(expectedValue, sigmoidScale)) / delta;
}

/** A SHAP row's base value, raw score (base + contributions) and probability scale factor. */
function rowScale(shapRow: ArrayLike<number>, nf: number, sigmoidScale: number): { expectedValue: number; raw: number; scale: number } {
  const expectedValue = shapRow[nf];
  let raw = expectedValue;
  for (let j = 0; j < nf; j++) raw += shapRow[j];
  return { expectedValue, raw, scale: probabilityScale(expectedValue, raw, sigmoidScale) };
}

/** Category codes back to their text; NaN to null. */
export function decodeFeatureValue(spec: FeatureSpec, value: number): number | string | null {
  if (Number.isNaN(value)) return null;
  if (spec.kind === "numeric") return value;
  const code = Math.trunc(value);
  return code >= 0 && code < spec.categories.length ? spec.categories[code] : "(unseen category)";
}

/**
 * Builds one participant's explanation from a row of SHAP output (numFeatures values then the
 * expected value, LightGBM's predict_contrib layout) and the encoded feature row.
 */
export function explainRow(
  features: readonly FeatureSpec[],
  shapRow: ArrayLike<number>,
  encodedRow: ArrayLike<number>,
  topK = 5,
  sigmoidScale = 1,
): ParticipantExplanation {
  const { expectedValue, raw, scale } = rowScale(shapRow, features.length, sigmoidScale);
  const contributions = features.map((spec, j) => ({
    feature: spec.name,
    value: decodeFeatureValue(spec, encodedRow[j]),
    shap: shapRow[j],
    probabilityEffect: shapRow[j] * scale,
  }));
  const byShap = [...contributions].sort((a, b) => b.shap - a.shap);
  return {
    expectedValue,
    baseProbability: sigmoid(expectedValue, sigmoidScale),
    rawScore: raw,
    probability: sigmoid(raw, sigmoidScale),
    contributions,
    topRaising: byShap.filter((c) => c.shap > 0).slice(0, topK),
    topLowering: byShap.reverse().filter((c) => c.shap < 0).slice(0, topK),
  };
}

/**
 * The top factors of explainRow without building every contribution: for scoring runs over
 * millions of rows, where only the k largest each way are stored. Same values and order.
 */
export function topFactorsOfRow(
  features: readonly FeatureSpec[],
  shapRow: ArrayLike<number>,
  encodedRow: ArrayLike<number>,
  topK = 5,
  sigmoidScale = 1,
): { raising: FeatureContribution[]; lowering: FeatureContribution[] } {
  const nf = features.length;
  const { scale } = rowScale(shapRow, nf, sigmoidScale);
  // Small sorted index lists (k is tiny): insertion keeps them ordered as explainRow's sort does.
  const up: number[] = [];
  const down: number[] = [];
  for (let j = 0; j < nf; j++) {
    const v = shapRow[j];
    if (v > 0) insertRanked(up, j, topK, (a, b) => shapRow[b] - shapRow[a]);
    // explainRow lists equal negative values in reverse feature order (it reverses a stable sort).
    else if (v < 0) insertRanked(down, j, topK, (a, b) => shapRow[a] - shapRow[b] || b - a);
  }
  const make = (j: number): FeatureContribution => ({
    feature: features[j].name,
    value: decodeFeatureValue(features[j], encodedRow[j]),
    shap: shapRow[j],
    probabilityEffect: shapRow[j] * scale,
  });
  return { raising: up.map(make), lowering: down.map(make) };
}

function insertRanked(list: number[], j: number, k: number, order: (a: number, b: number) => number): void {
  let at = list.length;
  while (at > 0 && order(list[at - 1], j) > 0) at--;
  if (at >= k) return;
  list.splice(at, 0, j);
  if (list.length > k) list.pop();
}
