import type { OptionTable } from "@/lib/planner";
export { mulberry32 } from "@/lib/random/mulberry32";


/**
 * A random multiple-choice knapsack with per-item costs in whole cents (some zero-cost and many
 * negative-net options) to stress the solvers beyond what the fixed catalogue produces.
 */
export function randomTable(rand: () => number, n: number, k: number, wholeDollars = false): OptionTable {
  const cost = new Float64Array(n * k);
  const saved = new Float64Array(n * k);
  for (let i = 0; i < n * k; i++) {
    // Up to 1,000 USD; whole dollars keep the exact solver's table small in the larger tests.
    cost[i] = rand() < 0.05 ? 0 : wholeDollars ? Math.round(rand() * 1000) : Math.round(rand() * 100_000) / 100;
    saved[i] = rand() * 1500 - 200;
  }
  return { participantCount: n, optionCount: k, cost, saved };
}

export interface BruteForce {
  net: number;
  cost: number;
}

/** Every assignment of (no option | one option) to every participant: (k + 1)^n of them. */
export function bruteForce(table: OptionTable, budgetUsd: number): BruteForce {
  const { participantCount: n, optionCount: k, cost, saved } = table;
  const budgetCents = Math.round(budgetUsd * 100);
  let best: BruteForce = { net: 0, cost: 0 };
  const pick = new Int32Array(n).fill(-1);
  const visit = (i: number, cents: number, net: number): void => {
    if (i === n) {
      if (net > best.net) best = { net, cost: cents / 100 };
      return;
    }
    pick[i] = -1;
    visit(i + 1, cents, net);
    for (let j = 0; j < k; j++) {
      const c = Math.round(cost[i * k + j] * 100);
      if (cents + c > budgetCents) continue;
      visit(i + 1, cents + c, net + saved[i * k + j] - cost[i * k + j]);
    }
  };
  visit(0, 0, 0);
  return best;
}

/** The largest net value of any single option that fits the budget: the greedy's gap bound. */
export function maxSingleNet(table: OptionTable, budgetUsd: number): number {
  let max = 0;
  for (let i = 0; i < table.cost.length; i++) {
    if (table.cost[i] <= budgetUsd) max = Math.max(max, table.saved[i] - table.cost[i]);
  }
  return max;
}

/** Net value, cost of a choice vector recomputed independently of the solvers. */
export function evaluate(table: OptionTable, choice: Int16Array): { net: number; costCents: number; chosen: number } {
  let net = 0;
  let costCents = 0;
  let chosen = 0;
  for (let i = 0; i < table.participantCount; i++) {
    const j = choice[i];
    if (j < 0) continue;
    const at = i * table.optionCount + j;
    net += table.saved[at] - table.cost[at];
    costCents += Math.round(table.cost[at] * 100);
    chosen++;
  }
  return { net, costCents, chosen };
}

/** Synthetic participants resembling the generated dataset's ranges. */
export function randomParticipants(rand: () => number, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    id: `P${String(i).padStart(6, "0")}`,
    churnProbability: rand() * 0.6,
    remainingVisits: Math.floor(rand() * 30),
    visitValueUsd: 200 + rand() * 1800,
    replacementCostUsd: 5000 + rand() * 25000,
    remainingMonths: rand() * 36,
  }));
}
