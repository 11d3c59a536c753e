/**
 * The latent churn model that labels every participant. README.md ("The latent churn model") restates it; keep the two
 * in sync. Every fixed-effect term is a function of columns in the CSV (with satisfaction and
 * e-diary compliance taken before their values are blanked), so a fitted model can in principle
 * recover it; only the study/site random effects and the individual noise are unobserved.
 *
 *   logit = b0 + covariate effects(x) + u_study + v_site + e,   churned ~ Bernoulli(sigmoid(logit))
 *
 * b0 is not a constant: calibration.ts solves it per seed so that every dataset has about the
 * target churn rate, whatever mix of studies the seed happened to draw.
 */
import type { EmploymentStatus, ParticipantRecord, Phase } from "./record";
import { compensationLevel } from "./compensation";

export const CHURN_COEFFICIENTS = {
  /** U-shaped age: (age - 50)^2; the youngest and the oldest withdraw more. */
  ageSquared: 0.0006,
  ageCentre: 50,
  /** Saturating distance: ln(1 + km / 10). */
  distance: 1.8,
  distanceScaleKm: 10,
  /** Interaction: distance x compensation level; cancels most of the distance burden when well paid. */
  distanceXCompensation: -2.0,
  /** Main effect of the compensation level comp / (comp + 100). */
  compensation: -0.6,
  /** ln(1 + days since last visit / 30). */
  daysSinceLastVisit: 0.5,
  daysSinceLastVisitScale: 30,
  /** missed / (completed + missed). */
  missedVisitRatio: 2.0,
  /** Per point of satisfaction above 7. */
  satisfaction: -0.25,
  satisfactionCentre: 7,
  /** Per unit of e-diary compliance above 0.8. */
  ediaryCompliance: -1.5,
  ediaryCentre: 0.8,
  comorbidities: 0.08,
  caregiver: -0.4,
  employment: { employed: 0.25, unemployed: 0, retired: -0.15, student: 0.35 } satisfies Record<EmploymentStatus, number>,
  /** ln(1 + adverse events). */
  adverseEvents: 0.15,
  /** Interaction: ln(1 + adverse events) x [phase I or II]; tolerability matters most early. */
  adverseEventsXEarlyPhase: 1.0,
  seriousAdverseEvent: 0.6,
  /** Interaction: serious AE x [arm = treatment]; often leads to discontinuation of study drug. */
  seriousAdverseEventXTreatment: 0.6,
  /** 1 - months enrolled / planned months: more of the study left is more time to drop out. */
  remainingFraction: 0.9,
  phase: { I: -0.2, II: 0, III: 0.1, IV: 0.2 } satisfies Record<Phase, number>,
  /** Per coordinator contact per month, capped at 10 contacts. */
  coordinatorContacts: -0.1,
  coordinatorContactsCap: 10,
  /** Standard deviation of the individual N(0, sd^2) noise on the logit. */
  noiseSd: 0.5,
} as const;

/** The record fields the model reads (survey and diary values are passed separately, unblanked). */
export type ChurnModelInput = Pick<
  ParticipantRecord,
  | "age"
  | "distanceToSiteKm"
  | "compensationPerVisitUsd"
  | "daysSinceLastVisit"
  | "visitsCompleted"
  | "visitsMissed"
  | "comorbidities"
  | "hasCaregiver"
  | "employmentStatus"
  | "adverseEvents"
  | "seriousAdverseEvent"
  | "arm"
  | "phase"
  | "monthsEnrolled"
  | "plannedDurationMonths"
  | "coordinatorContactsPerMonth"
>;

/**
 * Covariate part of the logit: no intercept, no random effects, no noise.
 * `satisfaction` and `ediaryCompliance` are the true values, before any blanking for missingness.
 */
export function churnCovariateEffects(x: ChurnModelInput, satisfaction: number, ediaryCompliance: number): number {
  const b = CHURN_COEFFICIENTS;
  const distance = Math.log1p(x.distanceToSiteKm / b.distanceScaleKm);
  const comp = compensationLevel(x.compensationPerVisitUsd);
  const visitsDue = x.visitsCompleted + x.visitsMissed;
  const missedRatio = visitsDue > 0 ? x.visitsMissed / visitsDue : 0;
  const ae = Math.log1p(x.adverseEvents);
  const earlyPhase = x.phase === "I" || x.phase === "II" ? 1 : 0;
  const sae = x.seriousAdverseEvent ? 1 : 0;
  const treatment = x.arm === "treatment" ? 1 : 0;
  const age = x.age - b.ageCentre;
  return (
    b.ageSquared * age * age +
    b.distance * distance +
    b.distanceXCompensation * distance * comp +
    b.compensation * comp +
    b.daysSinceLastVisit * Math.log1p(x.daysSinceLastVisit / b.daysSinceLastVisitScale) +
    b.missedVisitRatio * missedRatio +
    b.satisfaction * (satisfaction - b.satisfactionCentre) +
    b.ediaryCompliance * (ediaryCompliance - b.ediaryCentre) +
    b.comorbidities * x.comorbidities +
    (x.hasCaregiver ? b.caregiver : 0) +
    b.employment[x.employmentStatus] +
    b.adverseEvents * ae +
    b.adverseEventsXEarlyPhase * ae * earlyPhase +
    b.seriousAdverseEvent * sae +
    b.seriousAdverseEventXTreatment * sae * treatment +
    b.remainingFraction * (1 - x.monthsEnrolled / x.plannedDurationMonths) +
    b.phase[x.phase] +
    b.coordinatorContacts * Math.min(x.coordinatorContactsPerMonth, b.coordinatorContactsCap)
  );
}
