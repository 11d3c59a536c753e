import { computeClvColumns, configForStudy, remainingMonths, type ClvColumnsResult, type StudyClvConfig } from "../clv";

/** The participant fields lifetime value needs (validated by the caller). */
export type ClvRow = Readonly<{
  studyId?: unknown;
  remainingVisits: number;
  visitValueUsd: number;
  replacementCostUsd: number;
  plannedDurationMonths: number;
  monthsEnrolled: number;
}>;

/** CLV for a batch, one vectorised call per distinct discount configuration (usually one). */
export function batchClv(batch: ReadonlyArray<ClvRow>, probabilities: ArrayLike<number>, config: StudyClvConfig): ClvColumnsResult {
  const groups = new Map<number, number[]>();
  const configs = [config.base];
  batch.forEach((p, i) => {
    const c = configForStudy(config, typeof p.studyId === "string" ? p.studyId : "");
    let g = configs.indexOf(c);
    if (g < 0) g = configs.push(c) - 1;
    const list = groups.get(g) ?? [];
    list.push(i);
    groups.set(g, list);
  });
  const n = batch.length;
  const out: ClvColumnsResult = {
    clv: new Float64Array(n),
    clvIfRetained: new Float64Array(n),
    valueAtRisk: new Float64Array(n),
    expectedRemainingVisits: new Float64Array(n),
    monthlyRetention: new Float64Array(n),
  };
  for (const [g, rows] of groups) {
    const part = computeClvColumns(
      {
        churnProbability: rows.map((i) => probabilities[i]),
        remainingVisits: rows.map((i) => batch[i].remainingVisits),
        visitValueUsd: rows.map((i) => batch[i].visitValueUsd),
        replacementCostUsd: rows.map((i) => batch[i].replacementCostUsd),
        remainingMonths: rows.map((i) => remainingMonths(batch[i].plannedDurationMonths, batch[i].monthsEnrolled)),
      },
      configs[g],
    );
    rows.forEach((row, k) => {
      out.clv[row] = part.clv[k];
      out.clvIfRetained[row] = part.clvIfRetained[k];
      out.valueAtRisk[row] = part.valueAtRisk[k];
      out.expectedRemainingVisits[row] = part.expectedRemainingVisits[k];
      out.monthlyRetention[row] = part.monthlyRetention[k];
    });
  }
  return out;
}

