import { type ClvConfig, DEFAULT_CLV_CONFIG, monthlyLogDiscount, validateClvConfig } from "./config";
import { clvUsd, expectedVisits, monthlyRetentionOf } from "./kernel";
import { requireNonNegative, requireUnitInterval } from "./validate";

/** Any numeric column: typed arrays for bulk data, plain arrays for convenience. */
export type NumberColumn = ArrayLike<number>;

/** Column-oriented CLV inputs, one entry per participant, all of the same length. */
export interface ClvColumns {
  churnProbability: NumberColumn;
  remainingVisits: NumberColumn;
  visitValueUsd: NumberColumn;
  replacementCostUsd: NumberColumn;
  remainingMonths: NumberColumn;
}

/** Column-oriented results; field meanings as in ClvResult. */
export interface ClvColumnsResult {
  clv: Float64Array;
  clvIfRetained: Float64Array;
  valueAtRisk: Float64Array;
  expectedRemainingVisits: Float64Array;
  monthlyRetention: Float64Array;
}

const INPUT_FIELDS = ["churnProbability", "remainingVisits", "visitValueUsd", "replacementCostUsd", "remainingMonths"] as const;
const OUTPUT_FIELDS = ["clv", "clvIfRetained", "valueAtRisk", "expectedRemainingVisits", "monthlyRetention"] as const;

function allocate(length: number): ClvColumnsResult {
  return {
    clv: new Float64Array(length),
    clvIfRetained: new Float64Array(length),
    valueAtRisk: new Float64Array(length),
    expectedRemainingVisits: new Float64Array(length),
    monthlyRetention: new Float64Array(length),
  };
}

/**
 * Every row is checked before any output is written, so a bad row leaves `out` untouched
 * and the error names the column and row index ("remainingMonths[17] must be ...").
 */
function validateColumns(columns: ClvColumns): number {
  const length = columns.churnProbability.length;
  for (const field of INPUT_FIELDS) {
    if (columns[field].length !== length) {
      throw new RangeError(`${field} has ${columns[field].length} rows but churnProbability has ${length}`);
    }
  }
  const { churnProbability, remainingVisits, visitValueUsd, replacementCostUsd, remainingMonths } = columns;
  for (let i = 0; i < length; i++) {
    // Cheap combined test first; the field-by-field calls only run to build the message.
    const p = churnProbability[i];
    const ok =
      p >= 0 &&
      p <= 1 &&
      remainingVisits[i] >= 0 &&
      visitValueUsd[i] >= 0 &&
      replacementCostUsd[i] >= 0 &&
      remainingMonths[i] >= 0 &&
      remainingVisits[i] < Infinity &&
      visitValueUsd[i] < Infinity &&
      replacementCostUsd[i] < Infinity &&
      remainingMonths[i] < Infinity;
    if (!ok) {
      requireUnitInterval(`churnProbability[${i}]`, p);
      requireNonNegative(`remainingVisits[${i}]`, remainingVisits[i]);
      requireNonNegative(`visitValueUsd[${i}]`, visitValueUsd[i]);
      requireNonNegative(`replacementCostUsd[${i}]`, replacementCostUsd[i]);
      requireNonNegative(`remainingMonths[${i}]`, remainingMonths[i]);
    }
  }
  return length;
}

/**
 * CLV for many participants at once (a million rows in well under a second), with no per-row
 * objects. Pass `out` to reuse buffers across calls; each of its arrays must have the input length.
 */
export function computeClvColumns(
  columns: ClvColumns,
  config: ClvConfig = DEFAULT_CLV_CONFIG,
  out?: ClvColumnsResult,
): ClvColumnsResult {
  const length = validateColumns(columns);
  const logDiscount = monthlyLogDiscount(validateClvConfig(config));
  const result = out ?? allocate(length);
  for (const field of OUTPUT_FIELDS) {
    if (result[field].length !== length) throw new RangeError(`out.${field} must have ${length} entries, has ${result[field].length}`);
  }
  const { churnProbability, remainingVisits, visitValueUsd, replacementCostUsd, remainingMonths } = columns;
  for (let i = 0; i < length; i++) {
    const p = churnProbability[i];
    const months = remainingMonths[i];
    const totalValue = remainingVisits[i] * visitValueUsd[i];
    const clv = clvUsd(p, totalValue, months, logDiscount);
    const retained = clvUsd(0, totalValue, months, logDiscount);
    result.clv[i] = clv;
    result.clvIfRetained[i] = retained;
    result.valueAtRisk[i] = retained - clv + p * replacementCostUsd[i];
    result.expectedRemainingVisits[i] = expectedVisits(p, remainingVisits[i], months);
    result.monthlyRetention[i] = monthlyRetentionOf(p, months);
  }
  return result;
}
