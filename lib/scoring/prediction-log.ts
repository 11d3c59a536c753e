import type { PrismaClient } from "../db/client";
import { DeferredWriter } from "../db/deferred-writer";
import { taskRunner } from "../workers/task-runner";
import type { PredictionLogEntry } from "./predict-service";

/** Days of prediction log kept by `prunePredictionLog` (PREDICTION_LOG_RETENTION_DAYS). */
export const DEFAULT_PREDICTION_LOG_RETENTION_DAYS = 90;

/** PREDICTION_LOG=off turns the log off; anything but on/off is an error. */
export function predictionLogEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const v = env.PREDICTION_LOG?.trim().toLowerCase();
  if (!v || v === "on" || v === "true" || v === "1") return true;
  if (v === "off" || v === "false" || v === "0") return false;
  throw new Error(`PREDICTION_LOG must be on or off, got "${env.PREDICTION_LOG}"`);
}

export function predictionLogRetentionDays(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const raw = env.PREDICTION_LOG_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_PREDICTION_LOG_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`PREDICTION_LOG_RETENTION_DAYS must be a whole number of days >= 1, got "${raw}"`);
  return days;
}

/**
 * The API's prediction log: entries are written in batches after the responses that made them, by
 * the task worker thread, so a 10,000-row batch costs the request thread only a message.
 */
export function createPredictionLog(dbUrl: string): DeferredWriter<PredictionLogEntry> {
  return new DeferredWriter<PredictionLogEntry>({
    write: async (rows) => {
      await taskRunner().run("writePredictionLog", { dbUrl, rows });
    },
    maxBatch: 5000,
    onError: (error) => console.error(`prediction log: write failed, will retry: ${error.message}`),
  });
}

/** Deletes log entries older than the retention period; returns how many. */
export async function prunePredictionLog(prisma: PrismaClient, days = predictionLogRetentionDays(), now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000);
  const { count } = await prisma.predictionLog.deleteMany({ where: { at: { lt: before } } });
  return count;
}
