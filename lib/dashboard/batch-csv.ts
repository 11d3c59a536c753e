import { formatCsvLine } from "../data/csv-writer";
import type { BatchFactor, BatchResultRow } from "./batch-types";

/** Columns of the downloadable results file. */
export const BATCH_CSV_HEADER = [
  "participant_id",
  "churn_probability",
  "risk_tier",
  "clv_usd",
  "value_at_risk_usd",
  "top_factors_raising_risk",
  "top_factors_lowering_risk",
] as const;

/** Decimals of a factor's effect in the file: a hundredth of a percentage point. */
export const FACTOR_EFFECT_DECIMALS = 4;

/**
 * One factor as text, e.g. `days_since_last_visit=45 (+0.0612)`: feature, the participant's value
 * (empty when missing) and the effect on the withdrawal probability, signed.
 */
export function formatFactor(f: BatchFactor): string {
  const effect = f.probabilityEffect.toFixed(FACTOR_EFFECT_DECIMALS);
  return `${f.feature}=${f.value ?? ""} (${f.probabilityEffect >= 0 ? "+" : ""}${effect})`;
}

/** A factor list in one cell, `; `-separated, largest effect first. */
export function formatFactors(list: readonly BatchFactor[]): string {
  return list.map(formatFactor).join("; ");
}

/**
 * The results as CSV text (RFC 4180 quoting, `\n` line endings, through the app's CSV writer).
 * Probability and money are written in full (shortest round-tripping form), so the file reads
 * back to exactly the values shown.
 */
export function batchResultsCsv(rows: readonly BatchResultRow[]): string {
  let out = formatCsvLine(BATCH_CSV_HEADER);
  for (const r of rows) {
    out += formatCsvLine([r.participantId, r.churnProbability, r.riskTier, r.clv, r.valueAtRisk, formatFactors(r.topRaising), formatFactors(r.topLowering)]);
  }
  return out;
}

/** File name of a download, stamped with the scoring time (UTC, filesystem-safe). */
export function batchResultsFileName(scoredAt: string): string {
  return `retain-batch-scores-${scoredAt.replace(/\.\d+Z$/, "Z").replace(/:/g, "-")}.csv`;
}
