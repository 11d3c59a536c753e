/**
 * Solves the churn intercept b0 for a seed. The covariate mix depends on which studies the seed
 * drew (phase IV heavy, oncology heavy, ...), so a fixed intercept would give churn rates anywhere
 * from about 22% to 30%. Instead a pilot sample from its own random stream gives the logits
 * without intercept, and b0 is the value at which their mean churn probability equals the target.
 */
import type { Catalog } from "./catalog";
import { roundTo } from "./numeric";
import { generateParticipant } from "./participant";
import { Rng, STREAM_CALIBRATION } from "./prng";

export const TARGET_CHURN_RATE = 0.25;
/** Pilot size: the solved rate is then within about ±0.003 of the target. */
const PILOT_ROWS = 5000;

export function calibrateChurnIntercept(catalog: Catalog, seed: number): number {
  const uncalibrated: Catalog = { ...catalog, churnIntercept: 0 };
  const rng = new Rng(seed, STREAM_CALIBRATION);
  const logits = new Float64Array(PILOT_ROWS);
  for (let i = 0; i < PILOT_ROWS; i++) {
    logits[i] = generateParticipant(rng, uncalibrated, seed, i, { stream: STREAM_CALIBRATION }).truth.logit;
  }
  // The mean probability is increasing in b0, so bisection converges without tuning.
  let lo = -20;
  let hi = 20;
  for (let step = 0; step < 60; step++) {
    const mid = (lo + hi) / 2;
    if (meanProbability(logits, mid) < TARGET_CHURN_RATE) lo = mid;
    else hi = mid;
  }
  // Rounded so the documented value is exactly the one used.
  return roundTo((lo + hi) / 2, 4);
}

function meanProbability(logits: Float64Array, intercept: number): number {
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += 1 / (1 + Math.exp(-(logits[i] + intercept)));
  return sum / logits.length;
}
