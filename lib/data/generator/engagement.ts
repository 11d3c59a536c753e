/**
 * Behavioural measures driven by the participant's unobserved engagement (a standard normal
 * trait): satisfaction, e-diary compliance and coordinator contact intensity. Engagement itself
 * never enters the churn model; it reaches churn only through these observed measures and missed
 * visits, which is what makes them realistic, correlated predictors.
 */
import { logNormal, normal } from "./distributions";
import { clamp, logistic, roundTo } from "./numeric";
import type { Rng } from "./prng";
import type { Phase } from "./record";
import type { Site } from "./sites";

/** Early-phase studies are run with tighter participant contact. */
const PHASE_CONTACT_FACTOR: Readonly<Record<Phase, number>> = { I: 1.6, II: 1.2, III: 1, IV: 0.8 };

export interface Engagement {
  /** True score before survey non-response is applied. */
  satisfactionScore: number;
  /** True compliance before sync gaps are applied. */
  ediaryCompliance: number;
  coordinatorContactsPerMonth: number;
}

export interface EngagementInput {
  engagement: number;
  age: number;
  adverseEvents: number;
  seriousAdverseEvent: boolean;
  distanceKm: number;
  missedVisitRatio: number;
  phase: Phase;
  site: Site;
}

export function drawEngagement(rng: Rng, x: EngagementInput): Engagement {
  const satisfaction =
    7 +
    1.0 * x.engagement -
    0.35 * Math.log1p(x.adverseEvents) -
    (x.seriousAdverseEvent ? 0.6 : 0) -
    0.15 * Math.log1p(x.distanceKm / 10) +
    x.site.satisfactionShift +
    normal(rng, 0, 1.1);
  // Older participants struggle slightly more with app-based diaries.
  const compliance = logistic(1.7 + 0.8 * x.engagement - 0.012 * (x.age - 50) + normal(rng, 0, 0.7));
  // Coordinators call more after missed visits: contacts are partly reactive.
  const contacts =
    x.site.contactsPerMonth * PHASE_CONTACT_FACTOR[x.phase] * logNormal(rng, 0, 0.3) + 1.0 * x.missedVisitRatio;
  return {
    satisfactionScore: roundTo(clamp(satisfaction, 1, 10), 1),
    ediaryCompliance: roundTo(clamp(compliance, 0, 1), 3),
    coordinatorContactsPerMonth: roundTo(clamp(contacts, 0, 60), 2),
  };
}
