import { requireUnitInterval } from "../clv";
import { requireCostUsd } from "./money";

/** A retention measure that can be offered to one participant. */
export interface Intervention {
  /** Unique identifier shown in plans (snake_case by convention). */
  name: string;
  /** Cost of giving this intervention to one participant for the rest of their study, USD (whole cents). */
  costUsd: number;
  /** Expected relative reduction e of the withdrawal probability: p' = p · (1 − e), in [0, 1]. */
  relativeReduction: number;
  description?: string;
}

/**
 * Default catalogue. Costs are per participant over the remaining study; effects are relative
 * reductions of the withdrawal probability, in the range reported for each measure in
 * retention literature and deliberately conservative, so a plan built on them errs toward
 * spending too little rather than too much. Studies should override them with their own figures.
 */
export const DEFAULT_INTERVENTIONS: readonly Intervention[] = Object.freeze([
  {
    name: "coordinator_check_ins",
    costUsd: 150,
    relativeReduction: 0.1,
    description: "Monthly phone or video check-ins by the study coordinator.",
  },
  {
    name: "flexible_scheduling",
    costUsd: 250,
    relativeReduction: 0.12,
    description: "Evening/weekend visit slots and rescheduling support.",
  },
  {
    name: "travel_reimbursement",
    costUsd: 400,
    relativeReduction: 0.15,
    description: "Reimbursed travel (mileage, transit or ride service) to every remaining visit.",
  },
  {
    name: "home_visits",
    costUsd: 1500,
    relativeReduction: 0.3,
    description: "Remaining visits done at home by a mobile research nurse where the protocol allows.",
  },
]);

/** Choice tables store an option index in a byte. */
export const MAX_INTERVENTIONS = 255;

export function validateInterventions(interventions: readonly Intervention[]): readonly Intervention[] {
  if (!Array.isArray(interventions)) throw new TypeError("interventions must be an array");
  if (interventions.length > MAX_INTERVENTIONS) {
    throw new RangeError(`interventions has ${interventions.length} entries; at most ${MAX_INTERVENTIONS} are supported`);
  }
  const seen = new Set<string>();
  interventions.forEach((intervention, i) => {
    const field = `interventions[${i}]`;
    if (typeof intervention.name !== "string" || intervention.name.trim() === "") {
      throw new TypeError(`${field}.name must be a non-empty string`);
    }
    if (seen.has(intervention.name)) throw new RangeError(`${field}.name "${intervention.name}" is used twice`);
    seen.add(intervention.name);
    requireCostUsd(`${field}.costUsd`, intervention.costUsd);
    requireUnitInterval(`${field}.relativeReduction`, intervention.relativeReduction);
  });
  return interventions;
}
