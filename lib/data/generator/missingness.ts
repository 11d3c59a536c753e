/**
 * Which measurements go unrecorded. Survey and e-diary gaps depend on the outcome (participants
 * drifting towards withdrawal stop answering), so they are missing-not-at-random: the missingness
 * itself carries signal, as in real trials. BMI gaps are missing completely at random.
 */
import { bernoulli } from "./distributions";
import type { Rng } from "./prng";

export const SATISFACTION_MISSING_RATE = { retained: 0.08, churned: 0.25 } as const;
export const EDIARY_MISSING_RATE = { retained: 0.06, churned: 0.2 } as const;

export interface Missingness {
  satisfactionMissing: boolean;
  ediaryMissing: boolean;
}

export function drawMissingness(rng: Rng, churned: boolean): Missingness {
  const key = churned ? "churned" : "retained";
  return {
    satisfactionMissing: bernoulli(rng, SATISFACTION_MISSING_RATE[key]),
    ediaryMissing: bernoulli(rng, EDIARY_MISSING_RATE[key]),
  };
}
