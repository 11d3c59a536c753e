import type { Db } from "../db/client";
import { openReader } from "../db/reader";
import { remainingMonths } from "../clv";
import type { PlannerParticipantColumns } from "../planner";
import type { LoadedModel } from "./loaded-model";

const PAGE = 20_000;

/**
 * The served version's scored population as planner columns: churn probability from the stored
 * predictions plus each participant's value inputs. Read page by page into typed arrays, so a
 * million participants cost a few arrays rather than a million objects.
 */
export async function plannerPopulation(db: Db, modelVersionId: number): Promise<PlannerParticipantColumns> {
  const reader = await openReader(db.url);
  try {
    const [{ n: count }] = await reader.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Prediction" WHERE "modelVersionId" = ?`, [modelVersionId]);
    const ids: string[] = new Array(count);
    const cols = {
      churnProbability: new Float64Array(count),
      remainingVisits: new Float64Array(count),
      visitValueUsd: new Float64Array(count),
      replacementCostUsd: new Float64Array(count),
      remainingMonths: new Float64Array(count),
    };
    const page = `
      SELECT p."id", r."churnProbability", p."remainingVisits", p."visitValueUsd", p."replacementCostUsd",
             p."plannedDurationMonths", p."monthsEnrolled"
      FROM "Prediction" r JOIN "Patient" p ON p."id" = r."patientId"
      WHERE r."modelVersionId" = ? AND p."id" > ? ORDER BY p."id" LIMIT ?`;
    let i = 0;
    let after = "";
    for (;;) {
      const rows = await reader.all<{
        id: string;
        churnProbability: number;
        remainingVisits: number;
        visitValueUsd: number;
        replacementCostUsd: number;
        plannedDurationMonths: number;
        monthsEnrolled: number;
      }>(page, [modelVersionId, after, PAGE]);
      if (rows.length === 0) break;
      for (const r of rows) {
        if (i >= count) break;
        ids[i] = r.id;
        cols.churnProbability[i] = r.churnProbability;
        cols.remainingVisits[i] = r.remainingVisits;
        cols.visitValueUsd[i] = r.visitValueUsd;
        cols.replacementCostUsd[i] = r.replacementCostUsd;
        cols.remainingMonths[i] = remainingMonths(r.plannedDurationMonths, r.monthsEnrolled);
        i++;
      }
      after = rows[rows.length - 1].id;
    }
    return {
      ids: ids.slice(0, i),
      churnProbability: cols.churnProbability.subarray(0, i),
      remainingVisits: cols.remainingVisits.subarray(0, i),
      visitValueUsd: cols.visitValueUsd.subarray(0, i),
      replacementCostUsd: cols.replacementCostUsd.subarray(0, i),
      remainingMonths: cols.remainingMonths.subarray(0, i),
    };
  } finally {
    await reader.close();
  }
}

/**
 * The current participants encoded for a model, for drift checks: every participant up to
 * `maxRows`, beyond that an evenly spaced sample (every k-th by id), which estimates bucket shares
 * to well under a PSI of 0.01 while keeping memory bounded. The sample is every k-th participant
 * in id order (ROW_NUMBER, which SQLite and PostgreSQL both have), so both databases pick the
 * same participants.
 */
export async function currentPopulationMatrix(db: Db, model: LoadedModel, maxRows = 200_000): Promise<{ data: Float64Array; rows: number }> {
  const reader = await openReader(db.url);
  try {
    const [{ n: total }] = await reader.all<{ n: number }>(`SELECT COUNT(*) AS n FROM "Patient"`);
    const step = Math.max(1, Math.ceil(total / maxRows));
    const rows =
      step === 1
        ? await reader.all<Record<string, unknown>>(`SELECT * FROM "Patient" ORDER BY "id"`)
        : await reader.all<Record<string, unknown>>(
            `SELECT * FROM (SELECT p.*, ROW_NUMBER() OVER (ORDER BY p."id") AS "rowNumber" FROM "Patient" p) s WHERE "rowNumber" % ? = 0 ORDER BY "id"`,
            [step],
          );
    return { data: model.encoder.encode(rows), rows: rows.length };
  } finally {
    await reader.close();
  }
}
