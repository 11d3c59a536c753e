/** The per-visit stipend and the saturating "how well paid" level the behavioural models use. */
import { logNormal } from "./distributions";
import { clamp, roundTo } from "./numeric";
import type { Rng } from "./prng";
import type { Site } from "./sites";
import type { Study } from "./studies";

/** Stipend (USD per visit) at which the compensation level reaches one half. */
export const COMPENSATION_HALF_LEVEL_USD = 100;

/**
 * comp / (comp + 100): the first dollars matter most (covering travel), extra money above a few
 * hundred changes little. Lies in [0, 1).
 */
export function compensationLevel(compensationPerVisitUsd: number): number {
  return compensationPerVisitUsd / (compensationPerVisitUsd + COMPENSATION_HALF_LEVEL_USD);
}

/** Study stipend adjusted by the site's policy plus individual travel reimbursement noise. */
export function drawCompensation(rng: Rng, study: Study, site: Site): number {
  const usd = study.compensationPerVisitUsd * site.compensationFactor * logNormal(rng, 0, 0.3);
  return roundTo(clamp(usd, 0, 5000), 2);
}
