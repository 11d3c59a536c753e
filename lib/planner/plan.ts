import { type ClvConfig, DEFAULT_CLV_CONFIG } from "../clv";
import { type BudgetCurvePoint, budgetCurve, DEFAULT_CURVE_POINTS } from "./curve";
import { DEFAULT_MAX_EXACT_CELLS, solveExact } from "./exact";
import { type GreedyOrder, greedyOrder, solveGreedy } from "./greedy";
import { DEFAULT_INTERVENTIONS, type Intervention, validateInterventions } from "./interventions";
import { requireBudgetUsd } from "./money";
import { buildOptionTable, type OptionTable } from "./optionTable";
import { type PlannerParticipant, type PlannerParticipantColumns, toParticipantTable } from "./participants";
import type { Selection } from "./selection";

export type SolverChoice = "auto" | "exact" | "greedy";

/** "auto" runs the exact solver when its table stays below this many cells (fast and small). */
export const AUTO_EXACT_MAX_CELLS = 4_000_000;

export interface RetentionPlanInput {
  participants: readonly PlannerParticipant[] | PlannerParticipantColumns;
  budgetUsd: number;
  /** Default: DEFAULT_INTERVENTIONS. */
  interventions?: readonly Intervention[];
  /** Default: DEFAULT_CLV_CONFIG (10 % a year). */
  clvConfig?: ClvConfig;
  /** Default "auto": exact when small enough (see AUTO_EXACT_MAX_CELLS), greedy otherwise. */
  solver?: SolverChoice;
  /** Points on the budget curve, ≥ 2. Default 50. */
  curvePoints?: number;
}

export interface PlannedIntervention {
  participantId: string;
  /** Position of the participant in the input. */
  participantIndex: number;
  intervention: string;
  churnProbability: number;
  /** p · (1 − relativeReduction). */
  reducedChurnProbability: number;
  costUsd: number;
  /** VaR(p) − VaR(p'). */
  expectedValueSavedUsd: number;
  /** expectedValueSavedUsd − costUsd, always > 0. */
  netValueUsd: number;
}

export interface PlanTotals {
  costUsd: number;
  expectedValueSavedUsd: number;
  netValueUsd: number;
  participants: number;
}

export interface RetentionPlan {
  solver: "exact" | "greedy";
  budgetUsd: number;
  /** Sorted by net value, highest first (ties by participant index). */
  assignments: PlannedIntervention[];
  /** Intervention index per participant in input order, −1 = none; for bulk consumers. */
  choice: Int16Array;
  totals: PlanTotals;
  /** Everyone on their best positive-net option, ignoring the budget. */
  unconstrained: PlanTotals;
  curve: BudgetCurvePoint[];
}

function totalsOf(selection: Selection): PlanTotals {
  let participants = 0;
  for (const j of selection.choice) if (j >= 0) participants++;
  return {
    costUsd: selection.totalCostUsd,
    expectedValueSavedUsd: selection.totalSavedUsd,
    netValueUsd: selection.totalNetUsd,
    participants,
  };
}

function solve(table: OptionTable, budgetUsd: number, solver: SolverChoice, prepared: GreedyOrder) {
  if (solver === "exact") return { solver: "exact" as const, selection: solveExact(table, budgetUsd, { maxCells: DEFAULT_MAX_EXACT_CELLS }) };
  if (solver === "auto") {
    try {
      return { solver: "exact" as const, selection: solveExact(table, budgetUsd, { maxCells: AUTO_EXACT_MAX_CELLS }) };
    } catch (error) {
      // Too large for the exact table: fall through to the greedy.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return { solver: "greedy" as const, selection: solveGreedy(table, budgetUsd, prepared) };
}

function hasOptionAbove(table: OptionTable, budgetUsd: number): boolean {
  for (let i = 0; i < table.cost.length; i++) if (table.cost[i] > budgetUsd) return true;
  return false;
}

/**
 * Chooses at most one intervention per participant to maximise Σ (value saved − cost) within the
 * budget, using only options with positive net value, and traces value saved against budget.
 */
export function planRetention(input: RetentionPlanInput): RetentionPlan {
  const budgetUsd = requireBudgetUsd(input.budgetUsd);
  const solverChoice = input.solver ?? "auto";
  if (solverChoice !== "auto" && solverChoice !== "exact" && solverChoice !== "greedy") {
    throw new RangeError(`solver must be "auto", "exact" or "greedy", got ${String(solverChoice)}`);
  }
  const interventions = validateInterventions(input.interventions ?? DEFAULT_INTERVENTIONS);
  const participants = toParticipantTable(input.participants);
  const table = buildOptionTable(participants, interventions, input.clvConfig ?? DEFAULT_CLV_CONFIG);

  // The curve needs the order without the budget cap; the solve can share it when no option is
  // dearer than the budget (the usual case), saving a second hull build and sort.
  const unconstrainedOrder = greedyOrder(table);
  const solveOrder = hasOptionAbove(table, budgetUsd) ? greedyOrder(table, budgetUsd) : unconstrainedOrder;
  const { solver, selection } = solve(table, budgetUsd, solverChoice, solveOrder);
  const curve = budgetCurve(unconstrainedOrder, input.curvePoints ?? DEFAULT_CURVE_POINTS);
  const top = curve[curve.length - 1];

  const assignments: PlannedIntervention[] = [];
  const k = table.optionCount;
  selection.choice.forEach((j, i) => {
    if (j < 0) return;
    const at = i * k + j;
    const p = participants.churnProbability[i];
    assignments.push({
      participantId: participants.ids[i],
      participantIndex: i,
      intervention: interventions[j].name,
      churnProbability: p,
      reducedChurnProbability: p * (1 - interventions[j].relativeReduction),
      costUsd: table.cost[at],
      expectedValueSavedUsd: table.saved[at],
      netValueUsd: table.saved[at] - table.cost[at],
    });
  });
  assignments.sort((a, b) => b.netValueUsd - a.netValueUsd || a.participantIndex - b.participantIndex);

  return {
    solver,
    budgetUsd,
    assignments,
    choice: selection.choice,
    totals: totalsOf(selection),
    unconstrained: {
      costUsd: top.costUsd,
      expectedValueSavedUsd: top.expectedValueSavedUsd,
      netValueUsd: top.netValueUsd,
      participants: top.participants,
    },
    curve,
  };
}
