/**
 * The clinical participant dataset's columns: one definition shared by the generator, the CSV
 * importer, the database mapping and (later) the model's feature metadata.
 */
export type ColumnKind = "id" | "category" | "date" | "int" | "float" | "bool";

export interface ColumnSpec {
  /** Column name in CSV files (snake_case). */
  csv: string;
  /** Field name in code, the database and GraphQL (camelCase). */
  field: string;
  kind: ColumnKind;
  /** Whether an empty value is allowed (a genuinely missing measurement). */
  nullable: boolean;
  /** Inclusive bounds for numeric columns. */
  min?: number;
  max?: number;
  /** Allowed values for category columns with a closed set. */
  values?: readonly string[];
  description: string;
}

export const THERAPEUTIC_AREAS = ["oncology", "cardiology", "neurology", "metabolic", "immunology", "respiratory"] as const;
export const PHASES = ["I", "II", "III", "IV"] as const;
export const ARMS = ["treatment", "placebo", "active_comparator"] as const;
export const SEXES = ["female", "male"] as const;
export const EMPLOYMENT_STATUSES = ["employed", "unemployed", "retired", "student"] as const;

export const COLUMNS: readonly ColumnSpec[] = [
  { csv: "participant_id", field: "id", kind: "id", nullable: false, description: "Unique participant identifier (P followed by digits)." },
  { csv: "study_id", field: "studyId", kind: "category", nullable: false, description: "Study the participant is enrolled in (STU-001 ... STU-040)." },
  { csv: "site_id", field: "siteId", kind: "category", nullable: false, description: "Clinical site (SITE-01 ... SITE-60); each site belongs to one region and runs studies of that region." },
  { csv: "therapeutic_area", field: "therapeuticArea", kind: "category", nullable: false, values: THERAPEUTIC_AREAS, description: "Therapeutic area of the study." },
  { csv: "phase", field: "phase", kind: "category", nullable: false, values: PHASES, description: "Study phase (I-IV)." },
  { csv: "arm", field: "arm", kind: "category", nullable: false, values: ARMS, description: "Randomised arm." },
  { csv: "enrollment_date", field: "enrollmentDate", kind: "date", nullable: false, description: "Date of enrolment (YYYY-MM-DD)." },
  { csv: "snapshot_date", field: "snapshotDate", kind: "date", nullable: false, description: "Date the features describe (YYYY-MM-DD), on or after enrolment." },
  { csv: "age", field: "age", kind: "int", nullable: false, min: 18, max: 90, description: "Age in years at snapshot." },
  { csv: "sex", field: "sex", kind: "category", nullable: false, values: SEXES, description: "Sex recorded at enrolment." },
  { csv: "bmi", field: "bmi", kind: "float", nullable: true, min: 12, max: 70, description: "Body-mass index (kg/m²); sometimes not recorded." },
  { csv: "comorbidities", field: "comorbidities", kind: "int", nullable: false, min: 0, max: 15, description: "Number of chronic comorbidities." },
  { csv: "employment_status", field: "employmentStatus", kind: "category", nullable: false, values: EMPLOYMENT_STATUSES, description: "Employment status." },
  { csv: "has_caregiver", field: "hasCaregiver", kind: "bool", nullable: false, description: "Whether a caregiver supports study participation (1/0)." },
  { csv: "distance_to_site_km", field: "distanceToSiteKm", kind: "float", nullable: false, min: 0, max: 1000, description: "Travel distance from home to site in km." },
  { csv: "months_enrolled", field: "monthsEnrolled", kind: "float", nullable: false, min: 0, max: 120, description: "Months between enrolment and snapshot." },
  { csv: "planned_duration_months", field: "plannedDurationMonths", kind: "int", nullable: false, min: 1, max: 120, description: "Planned total time in study, months." },
  { csv: "visits_completed", field: "visitsCompleted", kind: "int", nullable: false, min: 0, max: 500, description: "Protocol visits attended up to the snapshot." },
  { csv: "visits_missed", field: "visitsMissed", kind: "int", nullable: false, min: 0, max: 500, description: "Protocol visits missed up to the snapshot." },
  { csv: "days_since_last_visit", field: "daysSinceLastVisit", kind: "int", nullable: false, min: 0, max: 3650, description: "Days from the last attended visit to the snapshot." },
  { csv: "adverse_events", field: "adverseEvents", kind: "int", nullable: false, min: 0, max: 100, description: "Adverse events reported up to the snapshot." },
  { csv: "serious_adverse_event", field: "seriousAdverseEvent", kind: "bool", nullable: false, description: "Whether any adverse event was serious (1/0)." },
  { csv: "satisfaction_score", field: "satisfactionScore", kind: "float", nullable: true, min: 1, max: 10, description: "Latest satisfaction survey score (1-10); missing when the survey was not returned." },
  { csv: "ediary_compliance", field: "ediaryCompliance", kind: "float", nullable: true, min: 0, max: 1, description: "Share of e-diary entries completed (0-1); missing when no e-diary data was synced." },
  { csv: "coordinator_contacts_per_month", field: "coordinatorContactsPerMonth", kind: "float", nullable: false, min: 0, max: 60, description: "Average study-coordinator contacts per month." },
  { csv: "compensation_per_visit_usd", field: "compensationPerVisitUsd", kind: "float", nullable: false, min: 0, max: 5000, description: "Stipend paid per attended visit, USD." },
  { csv: "remaining_visits", field: "remainingVisits", kind: "int", nullable: false, min: 0, max: 500, description: "Protocol visits still to come after the snapshot." },
  { csv: "visit_value_usd", field: "visitValueUsd", kind: "float", nullable: false, min: 0, max: 100000, description: "Value to the study of one completed visit's data, USD." },
  { csv: "replacement_cost_usd", field: "replacementCostUsd", kind: "float", nullable: false, min: 0, max: 1000000, description: "Cost to recruit and onboard a replacement participant (study level), USD." },
  { csv: "churned", field: "churned", kind: "bool", nullable: true, description: "Label: 1 if the participant withdrew before completing the study, 0 if not, empty when not yet known." },
] as const;

export const CSV_HEADER: readonly string[] = COLUMNS.map((c) => c.csv);
