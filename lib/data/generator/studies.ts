/**
 * The studies: design parameters by phase and therapeutic area. Phase I studies are short, small,
 * well paid and visit often; phase III/IV run longer with sparser visits and larger enrolment.
 */
import { PHASES, THERAPEUTIC_AREAS } from "../columns";
import { DAYS_PER_MONTH } from "./dates";
import { cumulative, logNormal, normal, pickIndex, shuffle, uniform, uniformInt } from "./distributions";
import type { Rng } from "./prng";
import type { Phase, TherapeuticArea } from "./record";

export const STUDY_COUNT = 40;
export const STUDY_EFFECT_SD = 0.3;
/** Target mean replacement cost per participant across the whole dataset, USD. */
export const MEAN_REPLACEMENT_COST_USD = 19500;

/** Studies per phase (sums to STUDY_COUNT): fixed so every seed has enough early-phase data. */
const STUDIES_PER_PHASE: Readonly<Record<Phase, number>> = { I: 6, II: 12, III: 16, IV: 6 };

const AREA_WEIGHTS: Readonly<Record<TherapeuticArea, number>> = {
  oncology: 0.25,
  cardiology: 0.18,
  neurology: 0.15,
  metabolic: 0.16,
  immunology: 0.14,
  respiratory: 0.12,
};

interface PhaseDesign {
  durationMonths: readonly [number, number];
  visitIntervalDays: readonly number[];
  compensationUsd: readonly [number, number];
  enrollmentWeight: readonly [number, number];
  visitValueUsd: number;
  replacementCostUsd: number;
  regionCount: readonly [number, number];
  siteCount: readonly [number, number];
}

// Compensation ranges overlap across phases on purpose: the distance x compensation effect must
// be identifiable within phases, not only between them.
const PHASE_DESIGN: Readonly<Record<Phase, PhaseDesign>> = {
  I: { durationMonths: [2, 9], visitIntervalDays: [7, 14], compensationUsd: [120, 400], enrollmentWeight: [30, 80], visitValueUsd: 900, replacementCostUsd: 9000, regionCount: [1, 1], siteCount: [1, 2] },
  II: { durationMonths: [6, 24], visitIntervalDays: [14, 28], compensationUsd: [40, 260], enrollmentWeight: [150, 400], visitValueUsd: 1400, replacementCostUsd: 17000, regionCount: [1, 2], siteCount: [3, 6] },
  III: { durationMonths: [12, 48], visitIntervalDays: [28, 42, 56], compensationUsd: [25, 200], enrollmentWeight: [400, 1200], visitValueUsd: 1800, replacementCostUsd: 22000, regionCount: [2, 4], siteCount: [6, 14] },
  IV: { durationMonths: [24, 72], visitIntervalDays: [56, 91], compensationUsd: [20, 150], enrollmentWeight: [300, 1000], visitValueUsd: 900, replacementCostUsd: 16000, regionCount: [1, 3], siteCount: [4, 10] },
};

/** Specialist-heavy areas produce costlier data and costlier recruitment. */
const AREA_VALUE_FACTOR: Readonly<Record<TherapeuticArea, number>> = {
  oncology: 1.5,
  cardiology: 1.2,
  neurology: 1.3,
  metabolic: 0.9,
  immunology: 1.1,
  respiratory: 1.0,
};
const AREA_RECRUITMENT_FACTOR: Readonly<Record<TherapeuticArea, number>> = {
  oncology: 1.35,
  cardiology: 1.1,
  neurology: 1.2,
  metabolic: 0.9,
  immunology: 1.0,
  respiratory: 0.95,
};

/** Randomisation weights over ARMS order: treatment, placebo, active_comparator. */
const ARM_DESIGNS: readonly (readonly [number, number, number])[] = [
  [0.5, 0.5, 0],
  [0.5, 0, 0.5],
  [0.4, 0.3, 0.3],
];
const PHASE_I_ARMS = [0.75, 0.25, 0] as const;

export interface Study {
  id: string;
  therapeuticArea: TherapeuticArea;
  phase: Phase;
  plannedDurationMonths: number;
  plannedDays: number;
  visitIntervalDays: number;
  /** Baseline visit at day 0 plus one per full interval within the planned duration. */
  totalVisits: number;
  compensationPerVisitUsd: number;
  visitValueUsd: number;
  replacementCostUsd: number;
  enrollmentWeight: number;
  armCumulative: Float64Array;
  regionCount: number;
  siteCount: number;
  /** Study random effect on the churn logit, N(0, STUDY_EFFECT_SD^2). */
  churnEffect: number;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng.next() * items.length)];
}

function drawArea(rng: Rng, index: number, areaCum: Float64Array): TherapeuticArea {
  // The first studies cover each area once so no area is ever absent.
  if (index < THERAPEUTIC_AREAS.length) return THERAPEUTIC_AREAS[index];
  return THERAPEUTIC_AREAS[pickIndex(rng, areaCum)];
}

export function buildStudies(rng: Rng): Study[] {
  const phases: Phase[] = [];
  for (const phase of PHASES) for (let i = 0; i < STUDIES_PER_PHASE[phase]; i++) phases.push(phase);
  shuffle(rng, phases);
  const areaCum = cumulative(THERAPEUTIC_AREAS.map((a) => AREA_WEIGHTS[a]));
  const areaOrder = shuffle(rng, Array.from({ length: STUDY_COUNT }, (_, i) => i));

  const studies = phases.map((phase, i): Study => {
    const design = PHASE_DESIGN[phase];
    const area = drawArea(rng, areaOrder[i], areaCum);
    const plannedDurationMonths = uniformInt(rng, design.durationMonths[0], design.durationMonths[1]);
    const plannedDays = Math.round(plannedDurationMonths * DAYS_PER_MONTH);
    const visitIntervalDays = pick(rng, design.visitIntervalDays);
    const arms = phase === "I" ? PHASE_I_ARMS : pick(rng, ARM_DESIGNS);
    return {
      id: `STU-${String(i + 1).padStart(3, "0")}`,
      therapeuticArea: area,
      phase,
      plannedDurationMonths,
      plannedDays,
      visitIntervalDays,
      totalVisits: Math.floor(plannedDays / visitIntervalDays) + 1,
      compensationPerVisitUsd: uniform(rng, design.compensationUsd[0], design.compensationUsd[1]),
      visitValueUsd: Math.round(design.visitValueUsd * AREA_VALUE_FACTOR[area] * logNormal(rng, 0, 0.2)),
      replacementCostUsd: design.replacementCostUsd * AREA_RECRUITMENT_FACTOR[area] * logNormal(rng, 0, 0.2),
      enrollmentWeight: uniform(rng, design.enrollmentWeight[0], design.enrollmentWeight[1]),
      armCumulative: cumulative(arms),
      regionCount: uniformInt(rng, design.regionCount[0], design.regionCount[1]),
      siteCount: uniformInt(rng, design.siteCount[0], design.siteCount[1]),
      churnEffect: normal(rng, 0, STUDY_EFFECT_SD),
    };
  });
  calibrateReplacementCosts(studies);
  return studies;
}

/**
 * Rescales replacement costs so their enrolment-weighted mean is exactly the target: the spread
 * between studies stays random, the dataset-level average (what budgets are planned on) does not.
 */
function calibrateReplacementCosts(studies: Study[]): void {
  let weighted = 0;
  let weights = 0;
  for (const s of studies) {
    weighted += s.replacementCostUsd * s.enrollmentWeight;
    weights += s.enrollmentWeight;
  }
  const scale = MEAN_REPLACEMENT_COST_USD / (weighted / weights);
  for (const s of studies) s.replacementCostUsd = Math.round(s.replacementCostUsd * scale);
}
