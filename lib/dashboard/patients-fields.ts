import { COLUMNS, type ColumnSpec } from "../data/columns";

/**
 * How participant fields are named and grouped on screen, and which of them a model feature
 * edits in the what-if panel. Plain data and pure functions: used by server pages and the
 * what-if client component alike.
 */

export const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: "Participant",
  studyId: "Study",
  siteId: "Site",
  therapeuticArea: "Therapeutic area",
  phase: "Phase",
  arm: "Arm",
  enrollmentDate: "Enrolled on",
  snapshotDate: "Snapshot date",
  age: "Age",
  sex: "Sex",
  bmi: "BMI",
  comorbidities: "Comorbidities",
  employmentStatus: "Employment",
  hasCaregiver: "Has a caregiver",
  distanceToSiteKm: "Distance to site (km)",
  monthsEnrolled: "Months enrolled",
  plannedDurationMonths: "Planned duration (months)",
  visitsCompleted: "Visits completed",
  visitsMissed: "Visits missed",
  daysSinceLastVisit: "Days since last visit",
  adverseEvents: "Adverse events",
  seriousAdverseEvent: "Serious adverse event",
  satisfactionScore: "Satisfaction score (1–10)",
  ediaryCompliance: "e-Diary compliance (0–1)",
  coordinatorContactsPerMonth: "Coordinator contacts / month",
  compensationPerVisitUsd: "Compensation per visit (USD)",
  remainingVisits: "Remaining visits",
  visitValueUsd: "Value per visit (USD)",
  replacementCostUsd: "Replacement cost (USD)",
  churned: "Outcome",
};

/** The participant page's groups of fields, in display order. */
export const FIELD_GROUPS: ReadonlyArray<{ title: string; fields: readonly string[] }> = [
  { title: "Study", fields: ["studyId", "siteId", "therapeuticArea", "phase", "arm", "enrollmentDate", "snapshotDate"] },
  { title: "Demographics & health", fields: ["age", "sex", "bmi", "comorbidities", "employmentStatus", "hasCaregiver", "distanceToSiteKm"] },
  { title: "Participation", fields: ["monthsEnrolled", "plannedDurationMonths", "visitsCompleted", "visitsMissed", "daysSinceLastVisit", "remainingVisits", "coordinatorContactsPerMonth"] },
  { title: "Experience & safety", fields: ["satisfactionScore", "ediaryCompliance", "adverseEvents", "seriousAdverseEvent"] },
  { title: "Value & outcome", fields: ["compensationPerVisitUsd", "visitValueUsd", "replacementCostUsd", "churned"] },
];

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

const BY_CSV = new Map(COLUMNS.map((c) => [c.csv, c]));

/** A model feature's column name (snake_case) as a label; unknown names stay as they are. */
export function featureLabel(feature: string): string {
  const column = BY_CSV.get(feature);
  return column ? fieldLabel(column.field) : feature;
}

/** One editable input of the what-if panel. */
export type WhatIfField =
  | { field: string; label: string; kind: "number"; integer: boolean; min: number | null; max: number | null; nullable: boolean }
  | { field: string; label: string; kind: "category"; options: string[] }
  | { field: string; label: string; kind: "boolean" };

/** The model's feature as seen by whoever fills in the form. */
export interface FeatureLike {
  name: string;
  kind: "numeric" | "categorical";
  categories?: readonly string[];
}

function whatIfField(column: ColumnSpec, feature: FeatureLike, current: unknown): WhatIfField | null {
  const label = fieldLabel(column.field);
  switch (column.kind) {
    case "int":
    case "float":
      return { field: column.field, label, kind: "number", integer: column.kind === "int", min: column.min ?? null, max: column.max ?? null, nullable: column.nullable };
    case "bool":
      return { field: column.field, label, kind: "boolean" };
    case "category": {
      // Closed sets list their values; open ones (study, site) the categories the model knows.
      const options = [...(column.values ?? feature.categories ?? [])];
      if (typeof current === "string" && current !== "" && !options.includes(current)) options.push(current);
      return { field: column.field, label, kind: "category", options };
    }
    default:
      return null;
  }
}

/** Every model feature as an input of the what-if panel, in the participant page's field order. */
export function whatIfFields(features: readonly FeatureLike[], participant: Readonly<Record<string, unknown>>): WhatIfField[] {
  const fields: WhatIfField[] = [];
  for (const feature of features) {
    const column = BY_CSV.get(feature.name);
    const f = column ? whatIfField(column, feature, participant[column.field]) : null;
    if (f) fields.push(f);
  }
  const order = FIELD_GROUPS.flatMap((g) => g.fields);
  const rank = (f: WhatIfField) => (order.includes(f.field) ? order.indexOf(f.field) : order.length);
  return fields.sort((a, b) => rank(a) - rank(b));
}

/** Fields the API's PatientInput accepts: every participant column but the id, dates and outcome. */
export const INPUT_FIELDS: readonly string[] = COLUMNS.filter((c) => c.kind !== "id" && c.kind !== "date" && c.field !== "churned").map((c) => c.field);

/** A stored participant as a PatientInput: the what-if panel's starting point. */
export function participantInput(participant: Readonly<Record<string, unknown>>): Record<string, string | number | boolean | null> {
  const input: Record<string, string | number | boolean | null> = {};
  for (const field of INPUT_FIELDS) {
    const v = participant[field];
    input[field] = typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
  }
  return input;
}
