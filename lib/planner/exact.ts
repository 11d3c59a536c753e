import { budgetCents, requireBudgetUsd, toCents } from "./money";
import type { OptionTable } from "./optionTable";
import { noChoice, type Selection, summarizeChoice } from "./selection";

/** Default cap on the dynamic-programming table (participants × budget units), about 50 MB. */
export const DEFAULT_MAX_EXACT_CELLS = 50_000_000;

export interface ExactOptions {
  /** Refuse instances whose table would exceed this many cells instead of running for minutes. */
  maxCells?: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Participants with at least one affordable positive-net option, and the cost unit for the DP. */
function prepare(table: OptionTable, budget: number) {
  const { participantCount: n, optionCount: k, cost, saved } = table;
  const active: number[] = [];
  let unit = 0;
  let maxTotal = 0;
  for (let i = 0; i < n; i++) {
    let any = false;
    let maxCents = 0;
    for (let j = 0; j < k; j++) {
      const at = i * k + j;
      const cents = toCents(cost[at]);
      if (saved[at] - cost[at] > 0 && cents <= budget) {
        any = true;
        unit = gcd(unit, cents);
        maxCents = Math.max(maxCents, cents);
      }
    }
    if (any) {
      active.push(i);
      maxTotal += maxCents;
    }
  }
  return { active, unit: unit === 0 ? 1 : unit, maxTotal };
}

/**
 * Exact multiple-choice knapsack by dynamic programming over the budget.
 *
 * Costs are integer cents divided by their greatest common divisor (the default catalogue's
 * 150/250/400/1500 USD share 50 USD, so a 10,000 USD budget is only 200 units). The capacity is
 * also capped at the cost of giving everyone their dearest option, beyond which the budget does
 * not bind. best[b] = highest net value within b units over the participants seen so far; a byte
 * per (participant, b) records the option taken so the assignment can be read back.
 * Time O(participants × capacity × options); memory one byte per cell.
 */
export function solveExact(table: OptionTable, budgetUsd: number, options: ExactOptions = {}): Selection {
  const budget = budgetCents(requireBudgetUsd(budgetUsd));
  const { participantCount: n, optionCount: k, cost, saved } = table;
  const { active, unit, maxTotal } = prepare(table, budget);
  const capacity = Math.floor(Math.min(budget, maxTotal) / unit);
  const cells = active.length * (capacity + 1);
  const maxCells = options.maxCells ?? DEFAULT_MAX_EXACT_CELLS;
  if (cells > maxCells) {
    throw new RangeError(
      `exact solver would need ${cells} table cells (${active.length} participants × ${capacity + 1} budget units of ${unit / 100} USD), more than maxCells ${maxCells}; use the greedy solver`,
    );
  }

  const taken = new Uint8Array(cells); // option + 1, 0 = none
  let best = new Float64Array(capacity + 1);
  let next = new Float64Array(capacity + 1);
  const weight = new Int32Array(k);
  const net = new Float64Array(k);
  for (let a = 0; a < active.length; a++) {
    const base = active[a] * k;
    for (let j = 0; j < k; j++) {
      const cents = toCents(cost[base + j]);
      net[j] = saved[base + j] - cost[base + j];
      // Options that lose money or cannot fit are marked unusable.
      weight[j] = net[j] > 0 && cents <= budget ? cents / unit : -1;
    }
    const row = a * (capacity + 1);
    for (let b = 0; b <= capacity; b++) {
      let value = best[b];
      let pick = 0;
      for (let j = 0; j < k; j++) {
        const w = weight[j];
        if (w < 0 || w > b) continue;
        const candidate = best[b - w] + net[j];
        // Strictly better only: ties keep the earlier candidate (no intervention, then lower index).
        if (candidate > value) {
          value = candidate;
          pick = j + 1;
        }
      }
      next[b] = value;
      taken[row + b] = pick;
    }
    [best, next] = [next, best];
  }

  const choice = noChoice(n);
  let b = capacity;
  for (let a = active.length - 1; a >= 0; a--) {
    const pick = taken[a * (capacity + 1) + b];
    if (pick === 0) continue;
    choice[active[a]] = pick - 1;
    b -= toCents(cost[active[a] * k + pick - 1]) / unit;
  }
  return summarizeChoice(table, choice);
}
