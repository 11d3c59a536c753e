/**
 * Retention budget planner: at most one intervention per participant, chosen to maximise expected
 * value saved minus cost within a budget (a multiple-choice knapsack), with an exact solver for
 * small cases, an LP-greedy for full size, and the value-against-budget curve.
 * Formulas, defaults and guarantees: README.md in this folder.
 */
export { type BudgetCurvePoint, budgetCurve, DEFAULT_CURVE_POINTS } from "./curve";
export { DEFAULT_MAX_EXACT_CELLS, type ExactOptions, solveExact } from "./exact";
export { type GreedyOrder, greedyOrder, solveGreedy } from "./greedy";
export { buildHullSteps, type HullSteps } from "./hull";
export { DEFAULT_INTERVENTIONS, type Intervention, MAX_INTERVENTIONS, validateInterventions } from "./interventions";
export { budgetCents, isWholeCents, toCents } from "./money";
export { buildOptionTable, type OptionTable, validateOptionTable } from "./optionTable";
export {
  type ParticipantTable,
  type PlannerParticipant,
  type PlannerParticipantColumns,
  toParticipantTable,
} from "./participants";
export {
  AUTO_EXACT_MAX_CELLS,
  type PlanTotals,
  type PlannedIntervention,
  planRetention,
  type RetentionPlan,
  type RetentionPlanInput,
  type SolverChoice,
} from "./plan";
export { type Selection, summarizeChoice } from "./selection";
