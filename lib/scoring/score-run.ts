import os from "node:os";
import type { Db } from "../db/client";
import { readOverviewSnapshot, refreshOverviewSnapshot } from "../dashboard/overview-snapshot";
import { withBulkWriter, type SqlValue } from "../db/bulk-writer";
import { openReader } from "../db/reader";
import { withBusyRetry } from "../reliability/sqlite-busy";
import { refreshStatistics } from "../db/statistics";
import { studyClvConfigFromEnv } from "../clv";
import { batchClv } from "./batch-clv";
import { topFactorsOfRow, type FeatureContribution } from "../ml/explain/participant-explanation";
import { ShapPool } from "../ml/shap";
import { servedVersion } from "../ml/versions/registry";
import { loadModel, predictProbabilities, type LoadedModel } from "./loaded-model";
import { riskTier } from "./risk-tiers";
import { auditCreate, type AuditContext } from "../audit/audit-trail";
import { cliPrincipal } from "../auth/principal";

const DEFAULT_BATCH = 5000;
/** Factors stored per prediction in each direction (raising and lowering the risk). */
const TOP_FACTORS = 3;

export interface ScoreProgress {
  scored: number;
  total: number;
}

export interface ScoreRunOptions {
  /** Version to score with; default the served one. */
  version?: string;
  batchSize?: number;
  onProgress?: (p: ScoreProgress) => void;
  /** Test hook: called after each committed batch, e.g. to simulate a crash half-way. */
  afterBatch?: (batchesDone: number) => void;
  /**
   * Recompute the overview's precomputed aggregates when predictions changed (default true), so
   * dashboards over a million participants stay a single-row read.
   */
  refreshDashboards?: boolean;
  /** Who runs it, for the audit trail (default: the CLI user). */
  audit?: AuditContext;
}

export interface ScoreRunResult {
  version: string;
  /** Predictions written by this run. */
  scored: number;
  /** Predictions of this version in the database after the run. */
  total: number;
  seconds: number;
}

type PatientRow = Record<string, unknown> & {
  id: string;
  studyId: string;
  remainingVisits: number;
  visitValueUsd: number;
  replacementCostUsd: number;
  plannedDurationMonths: number;
  monthsEnrolled: number;
};

/**
 * Patients without a prediction from this version, or whose data changed after it was made. The
 * one placeholder is the model version id.
 */
const NEEDS_SCORING = `
  FROM "Patient" p
  LEFT JOIN "Prediction" r ON r."patientId" = p."id" AND r."modelVersionId" = ?
  WHERE (r."id" IS NULL OR r."computedAt" < p."updatedAt")`;

const PREDICTION_COLUMNS = [
  "patientId",
  "modelVersionId",
  "churnProbability",
  "riskTier",
  "clv",
  "valueAtRisk",
  "expectedRemainingVisits",
  "topFactors",
  "computedAt",
];

function compactFactor(c: FeatureContribution) {
  return { feature: c.feature, value: c.value, shap: Number(c.shap.toPrecision(6)), effect: Number(c.probabilityEffect.toPrecision(6)) };
}

async function scoreBatch(model: LoadedModel, pool: ShapPool, batch: PatientRow[], now: Date): Promise<SqlValue[][]> {
  const nf = model.encoder.width;
  const data = model.encoder.encode(batch);
  const [probabilities, contributions] = await Promise.all([predictProbabilities(model, data, batch.length), pool.shapValues(data, batch.length, nf)]);
  const clv = batchClv(batch, probabilities, studyClvConfigFromEnv());
  return batch.map((p, i) => {
    const top = topFactorsOfRow(model.metadata.features, contributions.subarray(i * (nf + 1), (i + 1) * (nf + 1)), data.subarray(i * nf, (i + 1) * nf), TOP_FACTORS);
    const topFactors = { raising: top.raising.map(compactFactor), lowering: top.lowering.map(compactFactor) };
    return [
      p.id,
      model.modelVersionId,
      probabilities[i],
      riskTier(probabilities[i], model.thresholds),
      clv.clv[i],
      clv.valueAtRisk[i],
      clv.expectedRemainingVisits[i],
      JSON.stringify(topFactors),
      now,
    ];
  });
}

/**
 * Scores every participant that lacks a current prediction from the model version, in batches:
 * each batch (features, one onnxruntime call, SHAP top factors on worker threads, CLV, risk tier)
 * is written in its own transaction. The version is marked complete only when no participant is
 * left; a run that stops half-way leaves it "partial", and the next run scores only what is
 * missing, so rerunning completes it.
 */
export async function scoreParticipants(db: Db, options: ScoreRunOptions = {}): Promise<ScoreRunResult> {
  const started = performance.now();
  const version = options.version ?? (await servedVersion(db.prisma));
  if (!version) throw new Error("No model is served yet: train one (npm run train) or promote one (npm run models:promote).");
  const model = await loadModel(db.prisma, version);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const reader = await openReader(db.url);
  let pool: ShapPool | null = null;
  let scored = 0;
  try {
    const [{ n: pending }] = await reader.all<{ n: number }>(`SELECT COUNT(*) AS n ${NEEDS_SCORING}`, [model.modelVersionId]);
    // Worker threads cost a start-up; an up-to-date version needs none.
    if (pending > 0) pool = await ShapPool.create(model.booster, { workers: Math.min(2, os.availableParallelism()) });
    // Keyset pages by participant id: each page is one indexed range read, on both databases.
    const select = `SELECT p.*, r."id" AS "stalePredictionId" ${NEEDS_SCORING} AND p."id" > ? ORDER BY p."id" LIMIT ?`;
    await db.prisma.modelVersion.update({ where: { id: model.modelVersionId }, data: { scoringStatus: pending > 0 ? "partial" : "complete" } });
    options.onProgress?.({ scored: 0, total: pending });
    const next = async (after: string) => {
      const batch = await reader.all<PatientRow>(select, [model.modelVersionId, after, batchSize]);
      // Started at once, so the workers explain this batch while the previous one is written.
      if (batch.length === 0) return null;
      const rows = scoreBatch(model, pool as ShapPool, batch, new Date());
      // Marked handled now: if an earlier batch fails first, this one's failure must not go unhandled.
      rows.catch(() => undefined);
      return { batch, rows };
    };
    let batches = 0;
    let current = await next("");
    while (current) {
      const { batch } = current;
      const following = await next(batch[batch.length - 1].id);
      const rows = await current.rows;
      await withBusyRetry(`Scoring (batch ${batches + 1})`, () => withBulkWriter(async (writer) => {
        // Only stale predictions (participant changed since) are replaced; a first run deletes nothing.
        const stale = batch.flatMap((p) => (p.stalePredictionId !== null && p.stalePredictionId !== undefined ? [Number(p.stalePredictionId)] : []));
        if (stale.length > 0) await writer.execute(`DELETE FROM "Prediction" WHERE "id" IN (${stale.map(() => "?").join(",")})`, stale);
        await writer.insert("Prediction", PREDICTION_COLUMNS, rows);
      }, db.url));
      scored += batch.length;
      options.onProgress?.({ scored, total: pending });
      try {
        options.afterBatch?.(++batches);
      } catch (err) {
        // Let the batch already in flight settle before the pool is closed under it.
        await following?.rows.catch(() => undefined);
        throw err;
      }
      current = following;
    }
    const total = await db.prisma.prediction.count({ where: { modelVersionId: model.modelVersionId } });
    // The run is recorded with the change that completes it.
    await db.prisma.$transaction([
      db.prisma.modelVersion.update({ where: { id: model.modelVersionId }, data: { scoringStatus: "complete", scoredCount: total, scoredAt: new Date() } }),
      auditCreate(db.prisma, options.audit ?? { who: cliPrincipal() }, { action: "participants.score", target: version, after: { scored, total } }),
    ]);
    if (scored > 0) await refreshStatistics(db.url);
    if (options.refreshDashboards !== false && (scored > 0 || !(await readOverviewSnapshot(db.prisma, model.modelVersionId))?.current)) {
      await refreshOverviewSnapshot(db.prisma, model.modelVersionId);
    }
    return { version, scored, total, seconds: (performance.now() - started) / 1000 };
  } finally {
    await reader.close();
    await pool?.close();
    await model.session.release();
  }
}
