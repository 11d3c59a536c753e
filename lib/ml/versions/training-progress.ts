import Database from "better-sqlite3";
import { sqliteFilePath } from "../../db/url";

/**
 * Records a training run's progress on its ModelVersion row, for pages and clients polling the
 * version. Boosting runs synchronously between progress callbacks, so an asynchronous (Prisma)
 * write would only land at the end; this writes synchronously, at most every `minIntervalMs`.
 */
export interface ProgressRecorder {
  record(fraction: number): void;
  close(): void;
}

export function trainingProgressRecorder(url: string, version: string, minIntervalMs = 500): ProgressRecorder {
  const db = new Database(sqliteFilePath(url), { timeout: 2_000 });
  const update = db.prepare(`UPDATE "ModelVersion" SET "progress" = ? WHERE "version" = ?`);
  let last = 0;
  return {
    record(fraction) {
      const now = Date.now();
      if (fraction < 1 && now - last < minIntervalMs) return;
      last = now;
      try {
        update.run(Math.min(1, Math.max(0, fraction)), version);
      } catch {
        // Progress is advisory: a busy database must not fail the training run.
      }
    },
    close() {
      db.close();
    },
  };
}
