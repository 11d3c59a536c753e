import { toCents } from "./money";
import type { OptionTable } from "./optionTable";

/** A solver's answer: per participant the chosen option index, or −1 for no intervention. */
export interface Selection {
  choice: Int16Array;
  totalCostUsd: number;
  totalSavedUsd: number;
  totalNetUsd: number;
}

/** Totals of a choice vector, summed in participant order (cost in exact cents) so every solver reports alike. */
export function summarizeChoice(table: OptionTable, choice: Int16Array): Selection {
  let costCents = 0;
  let totalSavedUsd = 0;
  for (let i = 0; i < table.participantCount; i++) {
    const j = choice[i];
    if (j < 0) continue;
    const at = i * table.optionCount + j;
    costCents += toCents(table.cost[at]);
    totalSavedUsd += table.saved[at];
  }
  const totalCostUsd = costCents / 100;
  return { choice, totalCostUsd, totalSavedUsd, totalNetUsd: totalSavedUsd - totalCostUsd };
}

export function noChoice(participantCount: number): Int16Array {
  return new Int16Array(participantCount).fill(-1);
}
