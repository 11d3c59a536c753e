/**
 * When the participant enrolled, where the snapshot falls, and the visit history up to it.
 *
 * Visits follow the study schedule: a baseline visit on the enrolment day (always attended) and
 * one every `visitIntervalDays` after it. Visits due by the snapshot are either completed or
 * missed; the rest of the protocol is `remainingVisits`. So, per study,
 * completed + missed + remaining = study.totalVisits for every participant.
 */
import { DAYS_PER_MONTH, daysFromCivil } from "./dates";
import { bernoulli, uniform, uniformInt } from "./distributions";
import { logistic, roundTo } from "./numeric";
import type { Rng } from "./prng";
import type { Study } from "./studies";

/** Snapshots are spread uniformly over 2025-01-01 .. 2026-12-31. */
export const SNAPSHOT_FIRST_DAY = daysFromCivil(2025, 1, 1);
export const SNAPSHOT_LAST_DAY = daysFromCivil(2026, 12, 31);

/** Snapshot position within the planned duration: never at the very start nor at completion. */
const PROGRESS_RANGE = [0.04, 0.92] as const;
const MIN_DAYS_ENROLLED = 3;
/** Extra log-odds of missing a visit right after a missed one: disengagement is sticky. */
const MISS_PERSISTENCE = 1.5;
/**
 * Protocols declare a participant lost to follow-up after a run of missed visits; such people are
 * withdrawn, not in the active cohort a snapshot describes. So a run never exceeds this length:
 * the visit after it is attended (the site re-establishes contact).
 */
export const MAX_CONSECUTIVE_MISSES = 4;

export interface Timeline {
  enrollmentDay: number;
  snapshotDay: number;
  daysEnrolled: number;
  monthsEnrolled: number;
  visitsCompleted: number;
  visitsMissed: number;
  daysSinceLastVisit: number;
  remainingVisits: number;
}

export interface MissPropensityInput {
  engagement: number;
  distanceKm: number;
  /** Saturating compensation level in (0, 1); paid travel blunts the burden of distance. */
  compensationLevel: number;
  employed: boolean;
  comorbidities: number;
  hasCaregiver: boolean;
}

/** Baseline log-odds of missing any one scheduled visit. */
export function visitMissLogit(x: MissPropensityInput): number {
  return (
    -2.5 -
    0.7 * x.engagement +
    0.45 * Math.log1p(x.distanceKm / 10) * (1 - x.compensationLevel) +
    (x.employed ? 0.3 : 0) +
    0.08 * x.comorbidities -
    (x.hasCaregiver ? 0.3 : 0)
  );
}

export function drawTimeline(rng: Rng, study: Study, missLogit: number): Timeline {
  const snapshotDay = uniformInt(rng, SNAPSHOT_FIRST_DAY, SNAPSHOT_LAST_DAY);
  const progress = uniform(rng, PROGRESS_RANGE[0], PROGRESS_RANGE[1]);
  // Bounded below by MIN_DAYS_ENROLLED and above by the planned duration, so months < planned.
  const daysEnrolled = Math.min(study.plannedDays - 1, Math.max(MIN_DAYS_ENROLLED, Math.round(progress * study.plannedDays)));
  const interval = study.visitIntervalDays;
  const visitsDue = Math.floor(daysEnrolled / interval) + 1;

  const pMiss = logistic(missLogit);
  const pMissAfterMiss = logistic(missLogit + MISS_PERSISTENCE);
  let missed = 0;
  let lastAttended = 0;
  let run = 0;
  for (let v = 1; v < visitsDue; v++) {
    const missedThis = run < MAX_CONSECUTIVE_MISSES && bernoulli(rng, run > 0 ? pMissAfterMiss : pMiss);
    if (missedThis) {
      missed += 1;
      run += 1;
    } else {
      lastAttended = v;
      run = 0;
    }
  }

  // Attended visits fall within a protocol window of a few days around the scheduled day.
  const window = Math.min(3, Math.floor(interval / 7));
  const jitter = lastAttended === 0 ? 0 : uniformInt(rng, -window, window);
  const lastVisitDay = Math.min(daysEnrolled, lastAttended * interval + jitter);

  return {
    enrollmentDay: snapshotDay - daysEnrolled,
    snapshotDay,
    daysEnrolled,
    monthsEnrolled: roundTo(daysEnrolled / DAYS_PER_MONTH, 2),
    visitsCompleted: visitsDue - missed,
    visitsMissed: missed,
    daysSinceLastVisit: daysEnrolled - lastVisitDay,
    remainingVisits: study.totalVisits - visitsDue,
  };
}
