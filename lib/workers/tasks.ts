import { isMainThread, threadId } from "node:worker_threads";
import { openDb } from "../db/client";
import { withBulkWriter } from "../db/bulk-writer";
import { refreshOverviewSnapshot, type OverviewSnapshot } from "../dashboard/overview-snapshot";
import { snapshotKey, storeSnapshot } from "../dashboard/snapshot-store";
import type { PredictionLogEntry } from "../scoring/predict-service";
import { importParticipants, type ImportResult } from "../data/import/import-participants";
import type { Intervention, RetentionPlan } from "../planner";
import { planForServedModel } from "../scoring/plan-interventions";
import { checkDrift } from "../scoring/drift-check";
import { loadModel } from "../scoring/loaded-model";
import type { DriftReport } from "../drift";
import { scoreParticipants, type ScoreRunResult } from "../scoring/score-run";
import { parseParticipantsCsv as parseBatchCsv, type BatchParseResult } from "../dashboard/batch-parse";
import type { AuditContext } from "../audit/audit-trail";

const PREDICTION_LOG_COLUMNS = ["entryId", "at", "modelVersion", "inputHash", "churnProbability", "riskTier", "clv", "cached", "source"] as const satisfies ReadonlyArray<keyof PredictionLogEntry>;

/** Multi-row INSERTs of this many rows stay well below SQLite's 32,766 bound parameters. */
const PREDICTION_LOG_ROWS_PER_STATEMENT = 500;

/**
 * CPU-heavy jobs that run on a worker thread (./task-runner.ts) so the server's event loop keeps
 * answering other requests meanwhile. Arguments and results cross threads by structured clone;
 * each job opens its own database connection from the URL.
 */
export const TASKS = {
  /** Where tasks run: lets health checks and tests see the worker is a separate thread. */
  async ping(): Promise<{ threadId: number; isMainThread: boolean }> {
    return { threadId, isMainThread };
  },

  /** Plans retention spending over every participant scored by the given model version. */
  async planInterventions(args: { dbUrl: string; modelVersionId: number; version: string; budgetUsd: number; interventions?: Intervention[] }): Promise<RetentionPlan> {
    const db = openDb(args.dbUrl);
    try {
      return await planForServedModel(db, args, args.budgetUsd, args.interventions);
    } finally {
      await db.prisma.$disconnect();
    }
  },

  /** Parses, validates and writes a participants CSV, all or nothing. */
  async importCsv(args: { dbUrl: string; text: string; audit?: AuditContext }): Promise<ImportResult> {
    const db = openDb(args.dbUrl);
    try {
      return await importParticipants(db, { text: args.text }, undefined, args.audit);
    } finally {
      await db.prisma.$disconnect();
    }
  },

  /** Parses and validates an uploaded participants CSV for batch scoring (nothing is written). */
  async parseParticipantsCsv(args: { text: string; maxErrors?: number; maxRows?: number }): Promise<BatchParseResult> {
    return parseBatchCsv(args.text, args.maxErrors, args.maxRows);
  },

  /**
   * Appends prediction log entries in one transaction (Prisma would send a statement per row).
   * Entries already written (same entryId: a batch retried after its acknowledgement was lost)
   * are skipped, so every served prediction is logged exactly once. Returns the rows inserted.
   */
  async writePredictionLog(args: { dbUrl: string; rows: PredictionLogEntry[] }): Promise<number> {
    const columns = PREDICTION_LOG_COLUMNS.map((c) => `"${c}"`).join(", ");
    const tuple = `(${PREDICTION_LOG_COLUMNS.map(() => "?").join(", ")})`;
    return withBulkWriter(async (w) => {
      let inserted = 0;
      for (let i = 0; i < args.rows.length; i += PREDICTION_LOG_ROWS_PER_STATEMENT) {
        const chunk = args.rows.slice(i, i + PREDICTION_LOG_ROWS_PER_STATEMENT);
        const sql = `INSERT INTO "PredictionLog" (${columns}) VALUES ${chunk.map(() => tuple).join(", ")} ON CONFLICT ("entryId") DO NOTHING`;
        inserted += await w.execute(sql, chunk.flatMap((r) => PREDICTION_LOG_COLUMNS.map((c) => r[c])));
      }
      return inserted;
    }, args.dbUrl);
  },

  /**
   * Population stability of a model's features over the participants now in the database; stored
   * as the version's drift snapshot, so dashboards read it as one row until the data changes.
   */
  async driftReport(args: { dbUrl: string; version: string }): Promise<DriftReport | null> {
    const db = openDb(args.dbUrl);
    const model = await loadModel(db.prisma, args.version);
    try {
      const key = await snapshotKey(db.prisma, model.modelVersionId);
      const report = await checkDrift(db, model);
      await storeSnapshot(db.prisma, "drift", model.modelVersionId, key, report);
      return report;
    } finally {
      await model.session.release();
      await db.prisma.$disconnect();
    }
  },

  /** Recomputes and stores the overview's aggregates (lib/dashboard/overview-snapshot.ts). */
  async refreshOverview(args: { dbUrl: string; modelVersionId: number }): Promise<OverviewSnapshot> {
    const db = openDb(args.dbUrl);
    try {
      return await refreshOverviewSnapshot(db.prisma, args.modelVersionId);
    } finally {
      await db.prisma.$disconnect();
    }
  },

  /** Scores every participant that lacks a current prediction from the served model. */
  async scoreParticipants(args: { dbUrl: string; audit?: AuditContext }): Promise<ScoreRunResult> {
    const db = openDb(args.dbUrl);
    try {
      return await scoreParticipants(db, { audit: args.audit });
    } finally {
      await db.prisma.$disconnect();
    }
  },
};

export type TaskName = keyof typeof TASKS;
export type TaskArgs<K extends TaskName> = Parameters<(typeof TASKS)[K]>[0];
export type TaskResult<K extends TaskName> = Awaited<ReturnType<(typeof TASKS)[K]>>;
