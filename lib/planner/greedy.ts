import { orderByEfficiency } from "./efficiencyOrder";
import { buildHullSteps } from "./hull";
import { budgetCents, requireBudgetUsd, toCents } from "./money";
import type { OptionTable } from "./optionTable";
import { noChoice, type Selection, summarizeChoice } from "./selection";

/**
 * All participants' hull steps sorted by decreasing efficiency, laid out as parallel arrays in
 * that order. The greedy walk and the budget curve then read memory sequentially; going through
 * an index permutation instead costs a cache miss per field per step, which at a million
 * participants made each pass several times slower than the gather done once here.
 */
export interface GreedyOrder {
  count: number;
  participant: Uint32Array;
  /** Option held after the step. */
  option: Uint8Array;
  /** Step cost in whole cents (exact integer arithmetic for budget checks). */
  deltaCents: Float64Array;
  deltaNet: Float64Array;
  deltaSaved: Float64Array;
  /** Highest participant index + 1 (0 when there are no steps), for sizing per-participant flags. */
  participantBound: number;
}

export function greedyOrder(table: OptionTable, maxCostUsd = Infinity): GreedyOrder {
  const steps = buildHullSteps(table, maxCostUsd);
  const order = orderByEfficiency(steps.efficiency);
  const count = steps.count;
  const sorted: GreedyOrder = {
    count,
    participant: new Uint32Array(count),
    option: new Uint8Array(count),
    deltaCents: new Float64Array(count),
    deltaNet: new Float64Array(count),
    deltaSaved: new Float64Array(count),
    // Steps are built in participant order, so the last one has the highest index.
    participantBound: count === 0 ? 0 : steps.participant[count - 1] + 1,
  };
  for (let r = 0; r < count; r++) {
    const s = order[r];
    sorted.participant[r] = steps.participant[s];
    sorted.option[r] = steps.option[s];
    sorted.deltaCents[r] = toCents(steps.deltaCost[s]);
    sorted.deltaNet[r] = steps.deltaNet[s];
    sorted.deltaSaved[r] = steps.deltaSaved[s];
  }
  return sorted;
}

/**
 * Near-optimal multiple-choice knapsack by the LP-relaxation greedy (Sinha & Zoltners):
 *
 * 1. Walk all participants' hull steps by decreasing efficiency, taking each that fits. The first
 *    step that does not fit blocks its participant (their later steps build on it); other
 *    participants' cheaper steps are still taken, so leftover budget is not wasted.
 * 2. Repair: each blocked participant, in the order they were blocked, moves to the option with
 *    the largest net gain that fits the leftover budget — including options that are not on the
 *    hull, which the LP walk cannot see.
 *
 * Guarantee: the steps before the first block are the LP optimum minus at most one step, and one
 * step's Δnet is at most its option's net value, so
 *   result ≥ LP bound − max net ≥ optimum − (largest net value of any option that fits the budget).
 * Everything after the first block only adds to that prefix. The total cost never exceeds the
 * budget (checked in integer cents).
 *
 * `prepared` must come from greedyOrder(table, budgetUsd) or greedyOrder(table) when no option
 * costs more than the budget.
 */
export function solveGreedy(table: OptionTable, budgetUsd: number, prepared?: GreedyOrder): Selection {
  const budget = budgetCents(requireBudgetUsd(budgetUsd));
  const steps = prepared ?? greedyOrder(table, budgetUsd);
  const n = table.participantCount;
  const k = table.optionCount;
  const choice = noChoice(n);
  const blocked = new Uint8Array(n);
  let spent = 0;

  for (let r = 0; r < steps.count; r++) {
    const i = steps.participant[r];
    if (blocked[i] === 1) continue;
    const stepCents = steps.deltaCents[r];
    if (spent + stepCents <= budget) {
      spent += stepCents;
      choice[i] = steps.option[r];
    } else {
      blocked[i] = 1;
    }
  }

  // Repair in blocking order: the walk met the most efficient blocked steps first.
  for (let r = 0; r < steps.count; r++) {
    const i = steps.participant[r];
    if (blocked[i] !== 1) continue;
    blocked[i] = 2;
    const base = i * k;
    const current = choice[i];
    const currentCents = current < 0 ? 0 : toCents(table.cost[base + current]);
    const currentNet = current < 0 ? 0 : table.saved[base + current] - table.cost[base + current];
    let best = -1;
    let bestGain = 0;
    let bestExtra = 0;
    for (let j = 0; j < k; j++) {
      const extra = toCents(table.cost[base + j]) - currentCents;
      const gain = table.saved[base + j] - table.cost[base + j] - currentNet;
      if (gain > bestGain && spent + extra <= budget) {
        best = j;
        bestGain = gain;
        bestExtra = extra;
      }
    }
    if (best >= 0) {
      choice[i] = best;
      spent += bestExtra;
    }
  }

  return summarizeChoice(table, choice);
}
