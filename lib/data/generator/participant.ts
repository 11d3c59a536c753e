/**
 * Assembles one participant row from the per-topic draws, then labels it with the latent churn
 * model and applies outcome-dependent missingness. The draw order below is part of the output
 * format: reordering any draw changes every dataset for every seed.
 */
import { ARMS } from "../columns";
import type { Catalog } from "./catalog";
import { CHURN_COEFFICIENTS, churnCovariateEffects } from "./churn-model";
import { compensationLevel, drawCompensation } from "./compensation";
import { formatEpochDay } from "./dates";
import { drawDemographics } from "./demographics";
import { drawAdverseEvents } from "./adverse-events";
import { bernoulli, logNormal, normal, pickIndex } from "./distributions";
import { drawEngagement } from "./engagement";
import { drawMissingness } from "./missingness";
import { clamp, logistic, roundTo } from "./numeric";
import { Rng, STREAM_PARTICIPANT } from "./prng";
import type { ParticipantRecord } from "./record";
import { drawTimeline, visitMissLogit } from "./timeline";

/** Unobserved quantities behind a row, for checking what a fitted model recovers. */
export interface ParticipantTruth {
  /** Latent engagement trait, N(0, 1). */
  engagement: number;
  /** Intercept b0 in effect (calibrated per seed). */
  intercept: number;
  /** Sum of the covariate terms of the churn logit. */
  covariateEffects: number;
  studyEffect: number;
  siteEffect: number;
  /** Individual N(0, noiseSd^2) term. */
  noise: number;
  /** intercept + covariateEffects + studyEffect + siteEffect + noise. */
  logit: number;
  /** sigmoid(logit): the probability the label was drawn with. */
  churnProbability: number;
  /** Drawn outcome, also when the label is withheld from the record. */
  churned: boolean;
  /** Satisfaction and e-diary values before blanking. */
  satisfactionScore: number;
  ediaryCompliance: number;
}

export interface GeneratedParticipant {
  record: ParticipantRecord;
  truth: ParticipantTruth;
}

/** Oncology patients travel further, to specialist centres. */
const ONCOLOGY_DISTANCE_LOG_SHIFT = 0.25;
const DISTANCE_LOG_SD = 0.8;
const ID_DIGITS = 7;

export function participantId(index: number): string {
  return `P${String(index + 1).padStart(ID_DIGITS, "0")}`;
}

export interface ParticipantDrawOptions {
  /** Share of labels to withhold, 0-1. Default 0. */
  unlabeledShare?: number;
  /** Random stream; calibration uses its own so pilot rows never coincide with dataset rows. */
  stream?: number;
}

/** Row `index` (0-based) of the dataset for `seed`; `rng` is scratch state, reseeded here. */
export function generateParticipant(
  rng: Rng,
  catalog: Catalog,
  seed: number,
  index: number,
  options: ParticipantDrawOptions = {},
): GeneratedParticipant {
  const { unlabeledShare = 0, stream = STREAM_PARTICIPANT } = options;
  rng.reseed(seed, stream, index);
  const placement = catalog.placements[pickIndex(rng, catalog.studyCumulative)];
  const study = placement.study;
  const site = placement.sites[pickIndex(rng, placement.siteCumulative)];
  const arm = ARMS[pickIndex(rng, study.armCumulative)];
  const demo = drawDemographics(rng, study.therapeuticArea, study.phase);

  const distanceShift = study.therapeuticArea === "oncology" ? ONCOLOGY_DISTANCE_LOG_SHIFT : 0;
  const distanceKm = roundTo(
    clamp(logNormal(rng, Math.log(site.medianDistanceKm) + distanceShift, DISTANCE_LOG_SD), 0.2, 1000),
    1,
  );
  const engagement = normal(rng);
  const compensationPerVisitUsd = drawCompensation(rng, study, site);
  const missLogit = visitMissLogit({
    engagement,
    distanceKm,
    compensationLevel: compensationLevel(compensationPerVisitUsd),
    employed: demo.employmentStatus === "employed",
    comorbidities: demo.comorbidities,
    hasCaregiver: demo.hasCaregiver,
  });
  const timeline = drawTimeline(rng, study, missLogit);
  const ae = drawAdverseEvents(rng, study.therapeuticArea, study.phase, arm, demo.comorbidities, timeline.monthsEnrolled);
  const visitsDue = timeline.visitsCompleted + timeline.visitsMissed;
  const measures = drawEngagement(rng, {
    engagement,
    age: demo.age,
    adverseEvents: ae.count,
    seriousAdverseEvent: ae.serious,
    distanceKm,
    missedVisitRatio: timeline.visitsMissed / visitsDue,
    phase: study.phase,
    site,
  });

  const record: ParticipantRecord = {
    id: participantId(index),
    studyId: study.id,
    siteId: site.id,
    therapeuticArea: study.therapeuticArea,
    phase: study.phase,
    arm,
    enrollmentDate: formatEpochDay(timeline.enrollmentDay),
    snapshotDate: formatEpochDay(timeline.snapshotDay),
    age: demo.age,
    sex: demo.sex,
    bmi: demo.bmiRecorded ? demo.bmi : null,
    comorbidities: demo.comorbidities,
    employmentStatus: demo.employmentStatus,
    hasCaregiver: demo.hasCaregiver,
    distanceToSiteKm: distanceKm,
    monthsEnrolled: timeline.monthsEnrolled,
    plannedDurationMonths: study.plannedDurationMonths,
    visitsCompleted: timeline.visitsCompleted,
    visitsMissed: timeline.visitsMissed,
    daysSinceLastVisit: timeline.daysSinceLastVisit,
    adverseEvents: ae.count,
    seriousAdverseEvent: ae.serious,
    satisfactionScore: measures.satisfactionScore,
    ediaryCompliance: measures.ediaryCompliance,
    coordinatorContactsPerMonth: measures.coordinatorContactsPerMonth,
    compensationPerVisitUsd,
    remainingVisits: timeline.remainingVisits,
    visitValueUsd: study.visitValueUsd,
    replacementCostUsd: study.replacementCostUsd,
    churned: null,
  };

  const covariateEffects = churnCovariateEffects(record, measures.satisfactionScore, measures.ediaryCompliance);
  const noise = normal(rng, 0, CHURN_COEFFICIENTS.noiseSd);
  const logit = catalog.churnIntercept + covariateEffects + study.churnEffect + site.churnEffect + noise;
  const churnProbability = logistic(logit);
  const churned = bernoulli(rng, churnProbability);

  const missing = drawMissingness(rng, churned);
  if (missing.satisfactionMissing) record.satisfactionScore = null;
  if (missing.ediaryMissing) record.ediaryCompliance = null;
  // Always drawn, so the share of withheld labels never shifts any other value.
  const withheld = rng.next() < unlabeledShare;
  record.churned = withheld ? null : churned;

  return {
    record,
    truth: {
      engagement,
      intercept: catalog.churnIntercept,
      covariateEffects,
      studyEffect: study.churnEffect,
      siteEffect: site.churnEffect,
      noise,
      logit,
      churnProbability,
      churned,
      satisfactionScore: measures.satisfactionScore,
      ediaryCompliance: measures.ediaryCompliance,
    },
  };
}
