import { RISK_TIERS } from "../scoring/risk-tiers";
import type { BatchResultRow, BatchSummary } from "./batch-types";

/** Headline figures of a scored file: row count, mean probability, participants per tier, value. */
export function summarizeBatch(rows: readonly Pick<BatchResultRow, "churnProbability" | "riskTier" | "clv" | "valueAtRisk">[]): BatchSummary {
  const tiers = Object.fromEntries(RISK_TIERS.map((t) => [t, 0])) as BatchSummary["tiers"];
  let probability = 0;
  let clv = 0;
  let valueAtRisk = 0;
  for (const r of rows) {
    tiers[r.riskTier]++;
    probability += r.churnProbability;
    clv += r.clv;
    valueAtRisk += r.valueAtRisk;
  }
  return { rows: rows.length, meanProbability: rows.length > 0 ? probability / rows.length : 0, tiers, totalClv: clv, totalValueAtRisk: valueAtRisk };
}
