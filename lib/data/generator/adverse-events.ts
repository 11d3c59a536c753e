/**
 * Adverse events up to the snapshot: a Poisson count whose rate grows with exposure time and is
 * higher in oncology, in early phases (first-in-human dosing) and on active treatment.
 */
import { bernoulli, logNormal, poisson } from "./distributions";
import type { Rng } from "./prng";
import type { Arm, Phase, TherapeuticArea } from "./record";

/** Expected adverse events per participant-month before multipliers. */
const AREA_MONTHLY_RATE: Readonly<Record<TherapeuticArea, number>> = {
  oncology: 0.25,
  cardiology: 0.08,
  neurology: 0.08,
  metabolic: 0.05,
  immunology: 0.1,
  respiratory: 0.06,
};
const PHASE_RATE_FACTOR: Readonly<Record<Phase, number>> = { I: 1.8, II: 1.3, III: 1, IV: 0.7 };
const ARM_RATE_FACTOR: Readonly<Record<Arm, number>> = { treatment: 1.4, placebo: 0.85, active_comparator: 1.2 };
/** Chance that any one adverse event is serious. */
const SERIOUS_SHARE_ONCOLOGY = 0.1;
const SERIOUS_SHARE_OTHER = 0.05;
const SERIOUS_FACTOR_PHASE_I = 1.5;

export interface AdverseEvents {
  count: number;
  serious: boolean;
}

export function drawAdverseEvents(
  rng: Rng,
  area: TherapeuticArea,
  phase: Phase,
  arm: Arm,
  comorbidities: number,
  monthsEnrolled: number,
): AdverseEvents {
  // Individual frailty (mean ~1) spreads counts beyond Poisson, as seen in real AE data.
  const frailty = logNormal(rng, -0.08, 0.4);
  const rate =
    AREA_MONTHLY_RATE[area] * PHASE_RATE_FACTOR[phase] * ARM_RATE_FACTOR[arm] * (1 + 0.06 * comorbidities) * frailty;
  const count = Math.min(100, poisson(rng, rate * monthsEnrolled));
  const share = (area === "oncology" ? SERIOUS_SHARE_ONCOLOGY : SERIOUS_SHARE_OTHER) * (phase === "I" ? SERIOUS_FACTOR_PHASE_I : 1);
  const serious = count > 0 && bernoulli(rng, 1 - Math.pow(1 - share, count));
  return { count, serious };
}
