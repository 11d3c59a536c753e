/**
 * One participant row as the rest of the app sees it. Keys are the `field` names of columns.ts in
 * the same order; dates are "YYYY-MM-DD" strings, missing values are null, flags are booleans.
 * (columns.ts types COLUMNS as ColumnSpec[], so the names cannot be derived at the type level;
 * the tests check that this interface and COLUMNS agree.)
 */
import type { ARMS, EMPLOYMENT_STATUSES, PHASES, SEXES, THERAPEUTIC_AREAS } from "../columns";

export type TherapeuticArea = (typeof THERAPEUTIC_AREAS)[number];
export type Phase = (typeof PHASES)[number];
export type Arm = (typeof ARMS)[number];
export type Sex = (typeof SEXES)[number];
export type EmploymentStatus = (typeof EMPLOYMENT_STATUSES)[number];

export interface ParticipantRecord {
  id: string;
  studyId: string;
  siteId: string;
  therapeuticArea: TherapeuticArea;
  phase: Phase;
  arm: Arm;
  enrollmentDate: string;
  snapshotDate: string;
  age: number;
  sex: Sex;
  bmi: number | null;
  comorbidities: number;
  employmentStatus: EmploymentStatus;
  hasCaregiver: boolean;
  distanceToSiteKm: number;
  monthsEnrolled: number;
  plannedDurationMonths: number;
  visitsCompleted: number;
  visitsMissed: number;
  daysSinceLastVisit: number;
  adverseEvents: number;
  seriousAdverseEvent: boolean;
  satisfactionScore: number | null;
  ediaryCompliance: number | null;
  coordinatorContactsPerMonth: number;
  compensationPerVisitUsd: number;
  remainingVisits: number;
  visitValueUsd: number;
  replacementCostUsd: number;
  /** Null only when the caller asked for part of the labels to be withheld (`unlabeledShare`). */
  churned: boolean | null;
}

/** Size and seed of the dataset `npm start` and `npm run data:generate` produce by default. */
export const DEFAULT_ROWS = 20_000;
export const DEFAULT_SEED = 20250101;

/** Options shared by every generation entry point. */
export interface GenerateOptions {
  /** Number of participants, a non-negative integer. */
  rows: number;
  /** Non-negative safe integer; equal seeds give equal data. */
  seed: number;
  /**
   * Share (0-1) of rows whose label is written as missing, e.g. to mimic participants still in
   * follow-up. Drawn from its own uniform, so changing it never alters any other value. Default 0.
   */
  unlabeledShare?: number;
}
